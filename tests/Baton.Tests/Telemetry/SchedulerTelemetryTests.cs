using Baton.Runs;
using Baton.Testing;
using Baton.Tests.Scheduling;

namespace Baton.Tests.Telemetry;

/// <summary>The scheduler's loop lag and the executor's queue length, as OpenTelemetry's SDK exports them.</summary>
[Collection(nameof(ProcessWideTelemetry))]
public sealed class SchedulerTelemetryTests
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecutorQueueLength_CountsReadyTaskInstancesWaitingForASlot()
    {
        const string QueueDag = "otel_queue";
        var work = new BlockingWork();
        using var telemetry = new TelemetryCapture();
        await using var host = await EngineHost.StartAsync(
            [new InlineDag(QueueDag, dag =>
            {
                dag.Task("a", work.RunAsync);
                dag.Task("b", work.RunAsync);
                dag.Task("c", work.RunAsync);
            })],
            new Dictionary<string, string> { ["BATON__CORE__PARALLELISM"] = "1" });

        var running = host.TestAsync(QueueDag);
        await WaitUntilAsync(() => work.Running == 1, "one task running");

        // One slot: one task runs, the other two are ready and wait for it.
        Assert.Equal(2, QueueLength(telemetry, QueueDag));
        work.Release();
        var result = await running;
        Assert.Equal(DagRunState.Success, result.Run.State);
        Assert.Equal(0, QueueLength(telemetry, QueueDag));
    }

    [Fact]
    public async Task SchedulerLoopLag_IsHowLateEachPassStartsAfterItsPollInterval()
    {
        // Every timer fires 300 ms late: each pass starts 300 ms after the 500 ms poll interval it waited for.
        var lateness = TimeSpan.FromMilliseconds(300);
        using var telemetry = new TelemetryCapture();
        await using var host = await EngineHost.StartAsync(
            [new InlineDag("otel_lag", dag => dag.Task("t", () => 1))],
            new Dictionary<string, string> { ["BATON__SCHEDULER__POLL_INTERVAL"] = "00:00:00.5" },
            new LateTimerTimeProvider(lateness));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var scheduling = host.Scheduler.RunAsync(stop.Token);
        await WaitUntilAsync(() => LagCount(telemetry) >= 3, "three lag samples");
        await stop.CancelAsync();
        await scheduling;

        var lag = telemetry.Metric("baton.scheduler.loop.lag");
        Assert.Equal("s", lag.Unit);
        var point = MetricPoints.Single(lag);
        Assert.True(point.TryGetHistogramMinMaxValues(out var min, out var max));
        // At least the timers' lateness (less a timer tick), and less than lateness + poll interval: the interval itself is not lag.
        Assert.InRange(min, 0.295, 0.8);
        Assert.InRange(max, 0.295, 0.8);
    }

    private static long LagCount(TelemetryCapture telemetry) =>
        telemetry.CollectMetrics().Where(m => m.Name == "baton.scheduler.loop.lag").SelectMany(m => m.MetricPoints).Sum(p => p.GetHistogramCount());

    private static long QueueLength(TelemetryCapture telemetry, string dagId) =>
        MetricPoints.Single(telemetry.Metric("baton.executor.queue.length"), ("baton.dag_id", dagId)).GetSumLong();

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50, Ct);
        }
    }
}
