using Baton.Dags;
using Baton.Tasks;

namespace Baton.TestApp.Dags;

/// <summary>
/// A daily DAG with catch-up over eight days, so a scheduler has several runs to create and drive: extract → load, each
/// leaving a file <c>{run_id}.{task}.{pid}.{unique}</c> in the directory named by <c>TESTAPP_MARKS</c>, so a test counts
/// executions across scheduler processes.
/// </summary>
public sealed class CatchupDag : IDagDefinition
{
    /// <summary>The DAG's id.</summary>
    public const string Id = "catchup";

    /// <summary>The variable naming the directory of execution marks.</summary>
    public const string MarksVariable = "TESTAPP_MARKS";

    /// <inheritdoc />
    public DagSpec Spec { get; } = new(Id)
    {
        Schedule = "@daily", StartDate = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), EndDate = new DateTimeOffset(2024, 1, 8, 0, 0, 0, TimeSpan.Zero),
        Catchup = true, RetryDelay = TimeSpan.Zero, Description = "eight daily runs to catch up",
    };

    /// <inheritdoc />
    public void Build(DagBuilder dag)
    {
        var extract = dag.Task("extract", (TaskContext ctx) => Mark(ctx));
        dag.Task("load", (int pid, TaskContext ctx) => Mark(ctx) + pid - pid, extract);
    }

    private static int Mark(TaskContext ctx)
    {
        var directory = Environment.GetEnvironmentVariable(MarksVariable) ?? throw new InvalidOperationException($"{MarksVariable} is not set");
        var name = $"{ctx.RunId}.{ctx.TaskId}.{Environment.ProcessId}.{Guid.NewGuid():N}".Replace(':', '_').Replace('+', '_');
        File.WriteAllText(Path.Combine(directory, name), "");
        return Environment.ProcessId;
    }
}
