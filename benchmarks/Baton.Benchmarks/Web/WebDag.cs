using System.Globalization;
using Baton.Dags;

namespace Baton.Benchmarks.Web;

/// <summary>
/// One of the web scenario's generated DAGs: <c>web_000</c> … <c>web_099</c>, a daily chain of ten tasks <c>t00 &gt;&gt; … &gt;&gt; t09</c>,
/// each passing a small record to the next through XCom (the return value the database holds a million of).
/// </summary>
internal sealed class WebDag : IDagDefinition
{
    /// <summary>Tasks per DAG.</summary>
    public const int TaskCount = 10;

    public WebDag(int index)
    {
        Spec = new DagSpec(Id(index))
        {
            Schedule = "@daily",
            StartDate = new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Description = "a daily chain of ten tasks passing a record along (web benchmark)",
            Tags = ["benchmark", "web", "group_" + (index % 10).ToString(CultureInfo.InvariantCulture)],
        };
    }

    public DagSpec Spec { get; }

    /// <summary>The DAGs of the scenario.</summary>
    public static IReadOnlyList<IDagDefinition> All(int count) => [.. Enumerable.Range(0, count).Select(i => new WebDag(i))];

    public static string Id(int index) => "web_" + index.ToString("D3", CultureInfo.InvariantCulture);

    public static string TaskId(int index) => "t" + index.ToString("D2", CultureInfo.InvariantCulture);

    public void Build(DagBuilder dag)
    {
        ArgumentNullException.ThrowIfNull(dag);
        var previous = dag.Task(TaskId(0), () => new Batch(0, 1000, "s3://warehouse/orders/part-0000.parquet"));
        for (var i = 1; i < TaskCount; i++)
        {
            previous = dag.Task(TaskId(i), (Batch batch) => batch with { Step = batch.Step + 1 }, previous);
        }
    }
}

/// <summary>What each task of a <see cref="WebDag"/> returns: a record of about 80 bytes of JSON.</summary>
/// <param name="Step">The task's position in the chain.</param>
/// <param name="Rows">A row count.</param>
/// <param name="Path">Where the rows would be.</param>
internal sealed record Batch(int Step, int Rows, string Path);
