using Baton.Dags;
using Baton.Runs;
using Baton.Tasks;
using Baton.Testing;

namespace Baton.Tests.Execution;

/// <summary>Failures that know whether to retry: deterministic errors end the task at once, transient ones use its retries.</summary>
public sealed class RetryMeaningTests
{
    private static DagSpec Spec(string id) => new(id) { Retries = 3, RetryDelay = TimeSpan.Zero };

    [Fact]
    public async Task TypeMismatch_FailsAtOnceWithoutSpendingRetries()
    {
        var tries = 0;
        await using var host = await EngineHost.StartAsync([new InlineDag(Spec("mismatch"), dag =>
        {
            var text = dag.Task("text", () => "not a number");
            dag.Task("reader", async (TaskContext ctx) =>
            {
                Interlocked.Increment(ref tries);
                return await ctx.XCom.PullAsync<int>("text", cancellationToken: ctx.CancellationToken);
            }).DependsOn(text);
        })]);

        var result = await host.TestAsync("mismatch");

        var reader = result.TaskInstances.Single(t => t.TaskId == "reader");
        Assert.Equal(TaskInstanceState.Failed, reader.State);
        Assert.Equal(1, reader.TryNumber);
        Assert.Equal(1, tries);
        Assert.StartsWith("XComTypeMismatchException:", reader.Error, StringComparison.Ordinal);
        var log = await File.ReadAllTextAsync(Baton.Logging.TaskLogPaths.For(host.Paths.LogsDirectory, "mismatch", result.Run.RunId, "reader", -1, 1), TestContext.Current.CancellationToken);
        Assert.Contains("Marking task as FAILED without retrying (XComTypeMismatchException is not retryable", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingValue_FailsAtOnceWithoutSpendingRetries()
    {
        await using var host = await EngineHost.StartAsync([new InlineDag(Spec("missing"), dag =>
        {
            dag.Task("reader", (TaskContext ctx) => ctx.XCom.PullAsync<int>("nobody", "nothing", cancellationToken: ctx.CancellationToken));
        })]);

        var result = await host.TestAsync("missing");

        var reader = Assert.Single(result.TaskInstances);
        Assert.Equal(TaskInstanceState.Failed, reader.State);
        Assert.Equal(1, reader.TryNumber);
    }

    [Fact]
    public async Task BatonFailException_FailsAtOnceWithItsMessage()
    {
        var tries = 0;
        await using var host = await EngineHost.StartAsync([new InlineDag(Spec("fail_fast"), dag =>
        {
            dag.Task("validate", () =>
            {
                Interlocked.Increment(ref tries);
                return tries > 0 ? throw new BatonFailException("input file has no header row") : 1;
            });
        })]);

        var result = await host.TestAsync("fail_fast");

        var instance = Assert.Single(result.TaskInstances);
        Assert.Equal(TaskInstanceState.Failed, instance.State);
        Assert.Equal(1, tries);
        Assert.Equal("BatonFailException: input file has no header row", instance.Error);
    }

    [Fact]
    public async Task OrdinaryException_StillUsesEveryRetry()
    {
        var tries = 0;
        await using var host = await EngineHost.StartAsync([new InlineDag(Spec("transient"), dag =>
        {
            dag.Task("flaky", () =>
            {
                Interlocked.Increment(ref tries);
                return tries > 0 ? throw new HttpRequestException("connection reset") : 1;
            });
        })]);

        var result = await host.TestAsync("transient");

        var instance = Assert.Single(result.TaskInstances);
        Assert.Equal(TaskInstanceState.Failed, instance.State);
        Assert.Equal(4, instance.TryNumber);
        Assert.Equal(4, tries);
    }

    [Fact]
    public async Task BatonSkipException_SkipsTheTaskAndItsAllSuccessDownstream_AndTheRunSucceeds()
    {
        var ranDownstream = false;
        await using var host = await EngineHost.StartAsync([new InlineDag(Spec("skip"), dag =>
        {
            var check = dag.Task("check", (TaskContext ctx) => ctx.LogicalDate.DayOfWeek == DayOfWeek.Monday ? 1 : throw new BatonSkipException("nothing to do on weekdays"));
            dag.Task("load", (int x) => { ranDownstream = true; }, check);
            dag.Task("other", () => 2);
        })]);

        var result = await host.TestAsync("skip", new DateTimeOffset(2024, 1, 3, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(DagRunState.Success, result.Run.State);
        var states = result.TaskInstances.ToDictionary(t => t.TaskId);
        Assert.Equal(TaskInstanceState.Skipped, states["check"].State);
        Assert.Equal(1, states["check"].TryNumber);
        Assert.Equal("BatonSkipException: nothing to do on weekdays", states["check"].Error);
        Assert.Equal(TaskInstanceState.Skipped, states["load"].State);
        Assert.Equal(TaskInstanceState.Success, states["other"].State);
        Assert.False(ranDownstream);
        Assert.Null(await host.XComs.GetAsync(new Baton.XComs.XComKey("skip", result.Run.RunId, "check"), TestContext.Current.CancellationToken));
    }
}
