using Baton.Dags;
using Baton.Runs;
using Baton.Tasks;
using Baton.Testing;
using Baton.XComs;

namespace Baton.Tests.Execution;

public sealed class FailureTests
{
    [Fact]
    public async Task TestAsync_FailingTask_MarksDownstreamUpstreamFailedAndLeavesOtherBranchesRunning()
    {
        await using var host = await EngineHost.StartAsync([new InlineDag("fail", dag =>
        {
            var bad = dag.Task("bad", Boom);
            var after = dag.Task("after", (int x) => x + 1, bad);
            dag.Task("after_after", (int x) => x + 1, after);
            dag.Task("independent", () => 42);
        })]);

        var result = await host.TestAsync("fail");

        Assert.Equal(DagRunState.Failed, result.Run.State);
        var states = result.TaskInstances.ToDictionary(t => t.TaskId, t => t.State);
        Assert.Equal(TaskInstanceState.Failed, states["bad"]);
        Assert.Equal(TaskInstanceState.UpstreamFailed, states["after"]);
        Assert.Equal(TaskInstanceState.UpstreamFailed, states["after_after"]);
        Assert.Equal(TaskInstanceState.Success, states["independent"]);
        Assert.Equal("InvalidOperationException: boom", result.TaskInstances.Single(t => t.TaskId == "bad").Error);
    }

    private static int Boom() => throw new InvalidOperationException("boom");

    [Fact]
    public async Task TestAsync_TaskFailingTwiceWithTwoRetries_SucceedsOnThirdTry()
    {
        var tries = 0;
        await using var host = await EngineHost.StartAsync([new InlineDag("retry", dag =>
        {
            dag.Task("flaky", (TaskContext ctx) =>
            {
                Interlocked.Increment(ref tries);
                return ctx.TryNumber < 3 ? throw new IOException($"transient {ctx.TryNumber}") : ctx.TryNumber;
            }).WithRetries(2).WithRetryDelay(TimeSpan.FromMilliseconds(10));
        })]);

        var result = await host.TestAsync("retry");

        Assert.Equal(DagRunState.Success, result.Run.State);
        var instance = Assert.Single(result.TaskInstances);
        Assert.Equal(3, instance.TryNumber);
        Assert.Equal(3, tries);
        Assert.Equal(3, await host.XComs.PullAsync<int>(new XComKey("retry", result.Run.RunId, "flaky"), TestContext.Current.CancellationToken));
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.True(File.Exists(Baton.Logging.TaskLogPaths.For(host.Paths.LogsDirectory, "retry", result.Run.RunId, "flaky", -1, attempt)));
        }
    }

    [Fact]
    public async Task TestAsync_RetriesExhausted_FailsWithLastError()
    {
        await using var host = await EngineHost.StartAsync([new InlineDag(new DagSpec("exhaust") { Retries = 1, RetryDelay = TimeSpan.Zero }, dag =>
        {
            dag.Task("always", (TaskContext ctx) => throw new IOException($"failure {ctx.TryNumber}"));
        })]);

        var result = await host.TestAsync("exhaust");

        var instance = Assert.Single(result.TaskInstances);
        Assert.Equal(TaskInstanceState.Failed, instance.State);
        Assert.Equal(2, instance.TryNumber);
        Assert.Equal("IOException: failure 2", instance.Error);
    }

    [Fact]
    public async Task NewTry_ClearsXComsOfEarlierTries()
    {
        await using var host = await EngineHost.StartAsync([new InlineDag("clear", dag =>
        {
            dag.Task("pushes", async (TaskContext ctx) =>
            {
                await ctx.XCom.PushAsync($"from_try_{ctx.TryNumber}", ctx.TryNumber, ctx.CancellationToken);
                if (ctx.TryNumber == 1)
                {
                    throw new IOException("first try fails after pushing");
                }
            }).WithRetries(1);
        })]);

        var result = await host.TestAsync("clear");

        Assert.Equal(DagRunState.Success, result.Run.State);
        var keys = (await host.XComs.ListAsync(new XComFilter { DagId = "clear" }, TestContext.Current.CancellationToken)).Select(x => x.Key.Key);
        Assert.Equal(["from_try_2"], keys);
    }

    [Fact]
    public async Task ValueOverInlineLimit_FailsTaskNamingSizeLimitAndObjectStorageSetting()
    {
        await using var host = await EngineHost.StartAsync(
            [new InlineDag("big", dag => dag.Task("big_value", () => new string('x', 1000)))],
            new Dictionary<string, string> { ["BATON__XCOM__MAX_INLINE_SIZE"] = "100" });

        var result = await host.TestAsync("big");

        var instance = Assert.Single(result.TaskInstances);
        Assert.Equal(TaskInstanceState.Failed, instance.State);
        Assert.StartsWith("XComTooLargeException:", instance.Error);
        Assert.Contains("1002 bytes", instance.Error);
        Assert.Contains("inline limit of 100 bytes", instance.Error);
        Assert.Contains("BATON__XCOM__BACKEND=objectstorage", instance.Error);
        Assert.Empty(await host.XComs.ListAsync(new XComFilter { DagId = "big" }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TaskOverExecutionTimeout_IsCancelledAndFailed()
    {
        var sawCancellation = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await EngineHost.StartAsync([new InlineDag("slow", dag =>
        {
            dag.Task("hangs", async (TaskContext ctx) =>
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
                }
                catch (OperationCanceledException)
                {
                    sawCancellation.TrySetResult(true);
                    throw;
                }
            }).WithExecutionTimeout(TimeSpan.FromMilliseconds(100));
        })]);

        var result = await host.TestAsync("slow");

        var instance = Assert.Single(result.TaskInstances);
        Assert.Equal(TaskInstanceState.Failed, instance.State);
        Assert.Contains("TaskTimeoutException: Task 'hangs' timed out after 00:00:00.1", instance.Error);
        Assert.True(await sawCancellation.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    private sealed class Node
    {
        public Node? Next { get; set; }
    }

    [Fact]
    public async Task UnserializableReturnValue_FailsTaskWithSerializationError()
    {
        await using var host = await EngineHost.StartAsync([new InlineDag("cycle", dag =>
        {
            dag.Task("cyclic", () =>
            {
                var node = new Node();
                node.Next = node;
                return node;
            });
        })]);

        var result = await host.TestAsync("cycle");

        var instance = Assert.Single(result.TaskInstances);
        Assert.Equal(TaskInstanceState.Failed, instance.State);
        Assert.StartsWith("XComSerializationException: XCom dag 'cycle', run 'manual__2024-01-01T00:00:00+00:00', task 'cyclic', key 'return_value': cannot serialize a value of type Node as json", instance.Error);
    }

    [Fact]
    public async Task PullIntoWrongType_FailsWithTypeMismatchNamingTheXCom()
    {
        await using var host = await EngineHost.StartAsync([new InlineDag("mismatch", dag =>
        {
            var text = dag.Task("text", () => "not a number");
            dag.Task("reader", (TaskContext ctx) => ctx.XCom.PullAsync<int>("text", cancellationToken: ctx.CancellationToken)).DependsOn(text);
        })]);

        var result = await host.TestAsync("mismatch");

        var reader = result.TaskInstances.Single(t => t.TaskId == "reader");
        Assert.Equal(TaskInstanceState.Failed, reader.State);
        Assert.StartsWith("XComTypeMismatchException: XCom dag 'mismatch', run 'manual__2024-01-01T00:00:00+00:00', task 'text', key 'return_value' cannot be read as Int32", reader.Error);
    }

    [Fact]
    public async Task PullOfMissingKey_FailsWithNotFound()
    {
        await using var host = await EngineHost.StartAsync([new InlineDag("missing", dag =>
        {
            dag.Task("reader", (TaskContext ctx) => ctx.XCom.PullAsync<int>("nobody", "nothing", cancellationToken: ctx.CancellationToken));
        })]);

        var result = await host.TestAsync("missing");

        Assert.Equal("XComNotFoundException: No XCom for dag 'missing', run 'manual__2024-01-01T00:00:00+00:00', task 'nobody', key 'nothing'.", Assert.Single(result.TaskInstances).Error);
    }

    [Fact]
    public async Task ConsoleOutputAndLogger_GoToTheTryLogFile()
    {
        await using var host = await EngineHost.StartAsync([new InlineDag("logs", dag =>
        {
            dag.Task("talk", (TaskContext ctx) =>
            {
                Console.WriteLine("hello from the console");
                Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(ctx.Logger, "careful {Thing}", "now");
            });
        })]);

        var result = await host.TestAsync("logs");

        var log = await File.ReadAllTextAsync(
            Baton.Logging.TaskLogPaths.For(host.Paths.LogsDirectory, "logs", result.Run.RunId, "talk", -1, 1), TestContext.Current.CancellationToken);
        Assert.Contains("hello from the console", log);
        Assert.Contains("WARNING - careful now", log);
        Assert.Contains("Marking task as SUCCESS", log);
        Assert.Contains($"dag_id=logs{Path.DirectorySeparatorChar}run_id=manual__2024-01-01T00:00:00+00:00", Baton.Logging.TaskLogPaths.For("", "logs", result.Run.RunId, "talk", -1, 1));
    }
}
