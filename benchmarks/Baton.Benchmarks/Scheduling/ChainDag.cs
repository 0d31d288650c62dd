using System.Globalization;
using Baton.Dags;

namespace Baton.Benchmarks.Scheduling;

/// <summary>
/// <c>t0000 &gt;&gt; t0001 &gt;&gt; … &gt;&gt; t{n-1}</c> of no-op tasks: ordered only, or each passing an int to the next through XCom.
/// </summary>
internal sealed class ChainDag : IDagDefinition
{
    private readonly int _length;
    private readonly bool _passInt;

    public ChainDag(int length, bool passInt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 2);
        _length = length;
        _passInt = passInt;
        Spec = new DagSpec(passInt ? $"bench_chain_{length}_xcom_int" : $"bench_chain_{length}")
        {
            Description = $"{length} no-op tasks in a chain" + (passInt ? ", each passing an int to the next" : ""),
            Tags = ["benchmark"],
        };
    }

    public DagSpec Spec { get; }

    public void Build(DagBuilder dag)
    {
        ArgumentNullException.ThrowIfNull(dag);
        if (_passInt)
        {
            var previous = dag.Task(TaskId(0), () => 0);
            for (var i = 1; i < _length; i++)
            {
                previous = dag.Task(TaskId(i), (int x) => x + 1, previous);
            }
        }
        else
        {
            var previous = dag.Task(TaskId(0), static () => { });
            for (var i = 1; i < _length; i++)
            {
                previous = previous >> dag.Task(TaskId(i), static () => { });
            }
        }
    }

    private static string TaskId(int i) => "t" + i.ToString("D4", CultureInfo.InvariantCulture);
}
