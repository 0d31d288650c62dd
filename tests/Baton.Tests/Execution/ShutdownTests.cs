using Baton.Dags;
using Baton.Runs;
using Baton.Tasks;
using Baton.Testing;

namespace Baton.Tests.Execution;

public sealed class ShutdownTests
{
    [Fact]
    public async Task CancelledRun_LeavesNoTaskRunningAndResumesLater()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await EngineHost.StartAsync(
            [new InlineDag(new DagSpec("stop") { Retries = 1, RetryDelay = TimeSpan.Zero }, dag =>
            {
                var slow = dag.Task("slow", async (TaskContext ctx) =>
                {
                    if (ctx.TryNumber == 1)
                    {
                        started.TrySetResult();
                        await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
                    }

                    return ctx.TryNumber;
                });
                dag.Task("next", (int tryNumber) => tryNumber * 10, slow);
            })],
            new Dictionary<string, string> { ["BATON__CORE__DAGS_ARE_PAUSED_AT_CREATION"] = "false" });
        var dag = host.Dags.Get("stop");
        var run = await host.Runs.TriggerAsync(dag, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), cancellationToken: TestContext.Current.CancellationToken);

        using var shutdown = new CancellationTokenSource();
        var running = host.Runs.RunAsync(dag, run, cancellationToken: shutdown.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await shutdown.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        var afterStop = await host.Store.ListTaskInstancesAsync("stop", run.RunId, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(afterStop, t => t.State is TaskInstanceState.Running or TaskInstanceState.Queued);
        Assert.Equal(TaskInstanceState.UpForRetry, afterStop.Single(t => t.TaskId == "slow").State);
        Assert.Equal(DagRunState.Running, (await host.Store.GetDagRunAsync("stop", run.RunId, TestContext.Current.CancellationToken))!.State);

        var resumed = await host.Runs.RunAsync(dag, (await host.Store.GetDagRunAsync("stop", run.RunId, TestContext.Current.CancellationToken))!,
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(DagRunState.Success, resumed.Run.State);
        Assert.Equal(20, await host.XComs.PullAsync<int>(new Baton.XComs.XComKey("stop", run.RunId, "next"), TestContext.Current.CancellationToken));
    }
}
