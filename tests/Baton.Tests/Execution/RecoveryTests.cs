using Baton.Dags;
using Baton.Execution;
using Baton.Runs;
using Baton.Scheduling;
using Baton.Testing;

namespace Baton.Tests.Execution;

public sealed class RecoveryTests
{
    private static async Task<(EngineHost Host, Baton.Metadata.DagRunRecord Run)> StartWithOrphanAsync(int retries)
    {
        var host = await EngineHost.StartAsync(
            [new InlineDag(new DagSpec("orphan") { Retries = retries, RetryDelay = TimeSpan.Zero }, dag => dag.Task("work", () => 7))],
            new Dictionary<string, string> { ["BATON__CORE__DAGS_ARE_PAUSED_AT_CREATION"] = "false" });
        var dag = host.Dags.Get("orphan");
        var date = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var run = await host.Runs.CreateRunAsync(dag, DagRunType.Manual, new DataInterval(date, date), date, state: DagRunState.Running);
        var instance = Assert.Single(await host.Store.ListTaskInstancesAsync("orphan", run.RunId, TestContext.Current.CancellationToken));
        // A process that died mid-try: state running, a pid that is not alive on this host.
        await host.Store.UpdateTaskInstanceAsync(instance with
        {
            State = TaskInstanceState.Running, TryNumber = 1, StartDate = date, Hostname = Environment.MachineName, Pid = int.MaxValue - 7,
        });
        return (host, run);
    }

    [Fact]
    public async Task Recover_OrphanWithTriesLeft_IsPutUpForRetryAndTheSchedulerFinishesTheRun()
    {
        var (host, run) = await StartWithOrphanAsync(retries: 1);
        await using var _ = host;
        var recovery = (TaskInstanceRecovery)host.Services.GetService(typeof(TaskInstanceRecovery))!;

        var recovered = Assert.Single(await recovery.RecoverAsync(TestContext.Current.CancellationToken));

        Assert.Equal(TaskInstanceState.UpForRetry, recovered.State);
        Assert.Contains("stopped before it ended", recovered.Error);

        await host.Scheduler.RunOnceAsync(TestContext.Current.CancellationToken);
        for (var i = 0; i < 200 && host.Scheduler.ActiveRunCount > 0; i++)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Equal(DagRunState.Success, (await host.Store.GetDagRunAsync("orphan", run.RunId, TestContext.Current.CancellationToken))!.State);
        var instance = Assert.Single(await host.Store.ListTaskInstancesAsync("orphan", run.RunId, TestContext.Current.CancellationToken));
        Assert.Equal((TaskInstanceState.Success, 2), (instance.State, instance.TryNumber));
    }

    [Fact]
    public async Task Recover_OrphanWithoutTriesLeft_IsFailed()
    {
        var (host, run) = await StartWithOrphanAsync(retries: 0);
        await using var _ = host;
        var recovery = (TaskInstanceRecovery)host.Services.GetService(typeof(TaskInstanceRecovery))!;

        await recovery.RecoverAsync(TestContext.Current.CancellationToken);

        var instance = Assert.Single(await host.Store.ListTaskInstancesAsync("orphan", run.RunId, TestContext.Current.CancellationToken));
        Assert.Equal(TaskInstanceState.Failed, instance.State);
    }

    [Fact]
    public async Task Recover_TaskOfALiveProcess_IsLeftAlone()
    {
        var (host, run) = await StartWithOrphanAsync(retries: 0);
        await using var _ = host;
        var instance = Assert.Single(await host.Store.ListTaskInstancesAsync("orphan", run.RunId, TestContext.Current.CancellationToken));
        await host.Store.UpdateTaskInstanceAsync(instance with { Pid = Environment.ProcessId }, TestContext.Current.CancellationToken);
        var recovery = (TaskInstanceRecovery)host.Services.GetService(typeof(TaskInstanceRecovery))!;

        Assert.Empty(await recovery.RecoverAsync(TestContext.Current.CancellationToken));
        Assert.Equal(TaskInstanceState.Running, Assert.Single(await host.Store.ListTaskInstancesAsync("orphan", run.RunId, TestContext.Current.CancellationToken)).State);
    }
}
