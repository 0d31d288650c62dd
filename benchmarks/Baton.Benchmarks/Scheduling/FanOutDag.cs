using System.Globalization;
using Baton.Dags;

namespace Baton.Benchmarks.Scheduling;

/// <summary>One <c>root</c> task, <c>width</c> independent no-op tasks downstream of it, and optionally a <c>join</c> after all of them.</summary>
internal sealed class FanOutDag : IDagDefinition
{
    private readonly int _width;
    private readonly bool _join;

    public FanOutDag(int width, bool join)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        _width = width;
        _join = join;
        Spec = new DagSpec(join ? $"bench_fan_out_{width}_join" : $"bench_fan_out_{width}")
        {
            Description = $"a root, {width} independent no-op tasks after it" + (join ? ", and a join" : ""),
            Tags = ["benchmark"],
        };
    }

    public DagSpec Spec { get; }

    public void Build(DagBuilder dag)
    {
        ArgumentNullException.ThrowIfNull(dag);
        var root = dag.Task("root", static () => { });
        var leaves = new TaskHandle[_width];
        for (var i = 0; i < _width; i++)
        {
            leaves[i] = dag.Task("leaf_" + i.ToString("D4", CultureInfo.InvariantCulture), static () => { }).DependsOn(root);
        }

        if (_join)
        {
            dag.Task("join", static () => { }).DependsOn(leaves);
        }
    }
}
