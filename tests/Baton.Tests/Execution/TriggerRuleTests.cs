using Baton.Dags;
using Baton.Runs;
using Baton.Tasks;
using Baton.Testing;

namespace Baton.Tests.Execution;

/// <summary>
/// Each trigger rule against upstream tasks that succeed, fail and skip: the state the downstream task ends in, as in
/// Airflow.
/// </summary>
public sealed class TriggerRuleTests
{
    public static TheoryData<TriggerRule, string, TaskInstanceState> Cases => new()
    {
        // upstream outcomes: s = success, f = failed, k = skipped
        { TriggerRule.AllSuccess, "ss", TaskInstanceState.Success },
        { TriggerRule.AllSuccess, "sf", TaskInstanceState.UpstreamFailed },
        { TriggerRule.AllSuccess, "sk", TaskInstanceState.Skipped },
        { TriggerRule.AllFailed, "ff", TaskInstanceState.Success },
        { TriggerRule.AllFailed, "fs", TaskInstanceState.Skipped },
        { TriggerRule.AllFailed, "fk", TaskInstanceState.Skipped },
        { TriggerRule.AllDone, "sfk", TaskInstanceState.Success },
        { TriggerRule.AllSkipped, "kk", TaskInstanceState.Success },
        { TriggerRule.AllSkipped, "ks", TaskInstanceState.Skipped },
        { TriggerRule.OneSuccess, "fs", TaskInstanceState.Success },
        { TriggerRule.OneSuccess, "fk", TaskInstanceState.UpstreamFailed },
        { TriggerRule.OneSuccess, "kk", TaskInstanceState.Skipped },
        { TriggerRule.OneFailed, "sf", TaskInstanceState.Success },
        { TriggerRule.OneFailed, "sk", TaskInstanceState.Skipped },
        { TriggerRule.OneDone, "kf", TaskInstanceState.Success },
        { TriggerRule.OneDone, "kk", TaskInstanceState.Skipped },
        { TriggerRule.NoneFailed, "sk", TaskInstanceState.Success },
        { TriggerRule.NoneFailed, "sf", TaskInstanceState.UpstreamFailed },
        { TriggerRule.NoneFailedMinOneSuccess, "sk", TaskInstanceState.Success },
        { TriggerRule.NoneFailedMinOneSuccess, "kk", TaskInstanceState.Skipped },
        { TriggerRule.NoneFailedMinOneSuccess, "kf", TaskInstanceState.UpstreamFailed },
        { TriggerRule.NoneSkipped, "sf", TaskInstanceState.Success },
        { TriggerRule.NoneSkipped, "sk", TaskInstanceState.Skipped },
        { TriggerRule.Always, "fk", TaskInstanceState.Success },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Downstream_EndsInTheStateItsRuleGives(TriggerRule rule, string upstream, TaskInstanceState expected)
    {
        await using var host = await EngineHost.StartAsync([new InlineDag("rules", dag =>
        {
            var ups = upstream.Select((outcome, i) => dag.Task($"up_{i}", () => outcome switch
            {
                's' => 1,
                'f' => throw new BatonFailException("planned failure"),
                _ => throw new BatonSkipException("planned skip"),
            })).ToArray();
            dag.Task("down", () => 2).WithTriggerRule(rule).DependsOn(ups);
        })]);

        var result = await host.TestAsync("rules");

        Assert.Equal(expected, result.TaskInstances.Single(t => t.TaskId == "down").State);
        var anyFailed = upstream.Contains('f', StringComparison.Ordinal) || expected == TaskInstanceState.UpstreamFailed;
        Assert.Equal(anyFailed ? DagRunState.Failed : DagRunState.Success, result.Run.State);
    }

    [Fact]
    public async Task AllDoneCleanup_RunsAfterAFailureAndItsOwnDownstreamFollowsIt()
    {
        var cleaned = false;
        await using var host = await EngineHost.StartAsync([new InlineDag("cleanup", dag =>
        {
            var work = dag.Task("work", () => throw new BatonFailException("broken"));
            var cleanup = dag.Task("cleanup", () => { cleaned = true; }).WithTriggerRule(TriggerRule.AllDone).DependsOn(work);
            dag.Task("report", () => 3).DependsOn(cleanup);
        })]);

        var result = await host.TestAsync("cleanup");

        Assert.True(cleaned);
        var states = result.TaskInstances.ToDictionary(t => t.TaskId, t => t.State);
        Assert.Equal(TaskInstanceState.Failed, states["work"]);
        Assert.Equal(TaskInstanceState.Success, states["cleanup"]);
        Assert.Equal(TaskInstanceState.Success, states["report"]);
        Assert.Equal(DagRunState.Failed, result.Run.State);
    }
}
