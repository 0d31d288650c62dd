using System.Diagnostics;
using Baton.Dags;
using Baton.Execution;
using Baton.Runs;
using Baton.Tasks;
using Baton.Telemetry;
using Baton.Testing;
using Baton.XComs;
using OpenTelemetry.Metrics;

namespace Baton.Tests.Telemetry;

/// <summary>
/// The tutorial's simple_xcom (one task returns a record, the next takes it) run by the real engine with OpenTelemetry's
/// SDK subscribed to <c>Baton</c>: the spans of the run, its tries and its XComs, and the metrics, as exported.
/// </summary>
[Collection(nameof(ProcessWideTelemetry))]
public sealed class TelemetryTests
{
    private const string DagId = "simple_xcom";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SimpleXcom_OnTheLocalObjectStore_ExportsTheSpanTreeWithObjectAttributesAndTheMetrics()
    {
        var root = Directory.CreateTempSubdirectory("baton-otel-store-").FullName;
        try
        {
            using var telemetry = new TelemetryCapture();
            await using var host = await EngineHost.StartAsync([SimpleXcom()], new Dictionary<string, string>
            {
                ["BATON__XCOM__BACKEND"] = "objectstorage",
                ["BATON__XCOM__PATH"] = new Uri(root + "/").AbsoluteUri + "xcoms",
                ["BATON__XCOM__THRESHOLD"] = "0",
            });

            var result = await host.TestAsync(DagId);

            Assert.Equal(DagRunState.Success, result.Run.State);
            var row = await host.XComs.GetAsync(new XComKey(DagId, result.Run.RunId, "generate_value"), Ct);
            Assert.Equal(XComStorage.ObjectStore, row!.Payload.Storage);
            var storedBytes = new FileInfo(new Uri(row.Payload.Location!).LocalPath).Length;
            Assert.True(storedBytes > 50, $"the value object has {storedBytes} bytes");
            Assert.Equal(storedBytes, row.Payload.Size);

            var (_, _, _, push, pull) = AssertSimpleXcomSpans(telemetry.Spans, result);
            foreach (var span in new[] { push, pull })
            {
                AssertTag(span, "baton.xcom.key", "return_value");
                AssertTag(span, "baton.xcom.storage", "object");
                AssertTag(span, "baton.xcom.store.scheme", "file");
                AssertTag(span, "baton.xcom.size", storedBytes);
                AssertTag(span, "baton.xcom.compression", "none");
                AssertTag(span, "baton.xcom.format", "json");
            }

            var io = telemetry.Metric("baton.xcom.io");
            Assert.Equal("By", io.Unit);
            Assert.Equal(MetricType.LongSum, io.MetricType);
            Assert.Equal(2, io.MetricPoints.Count);
            Assert.Equal(storedBytes, MetricPoints.Single(io, ("baton.xcom.direction", "push"), ("baton.xcom.storage", "object"), ("baton.xcom.store.scheme", "file")).GetSumLong());
            Assert.Equal(storedBytes, MetricPoints.Single(io, ("baton.xcom.direction", "pull"), ("baton.xcom.storage", "object"), ("baton.xcom.store.scheme", "file")).GetSumLong());
            AssertTryMetrics(telemetry, result);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task SimpleXcom_OnTheDatabaseBackend_ExportsInlineXComsWithoutAStoreScheme()
    {
        using var telemetry = new TelemetryCapture();
        await using var host = await EngineHost.StartAsync([SimpleXcom()], new Dictionary<string, string> { ["BATON__XCOM__BACKEND"] = "database" });

        var result = await host.TestAsync(DagId);

        Assert.Equal(DagRunState.Success, result.Run.State);
        var row = await host.XComs.GetAsync(new XComKey(DagId, result.Run.RunId, "generate_value"), Ct);
        Assert.Equal(XComStorage.Inline, row!.Payload.Storage);
        long storedBytes = row.Payload.Value!.Length;
        Assert.True(storedBytes > 50, $"the inline value has {storedBytes} bytes");

        var (_, _, _, push, pull) = AssertSimpleXcomSpans(telemetry.Spans, result);
        foreach (var span in new[] { push, pull })
        {
            AssertTag(span, "baton.xcom.storage", "inline");
            Assert.Null(span.GetTagItem("baton.xcom.store.scheme"));
            AssertTag(span, "baton.xcom.size", storedBytes);
            AssertTag(span, "baton.xcom.compression", "none");
        }

        var io = telemetry.Metric("baton.xcom.io");
        Assert.Equal(2, io.MetricPoints.Count);
        Assert.Equal(storedBytes, MetricPoints.Single(io, ("baton.xcom.direction", "push"), ("baton.xcom.storage", "inline")).GetSumLong());
        Assert.Equal(storedBytes, MetricPoints.Single(io, ("baton.xcom.direction", "pull"), ("baton.xcom.storage", "inline")).GetSumLong());
        AssertTryMetrics(telemetry, result);
    }

    [Fact]
    public async Task FailingTries_AreErrorSpansWithTheirErrorType_AndTheRunNamesTheFailedTasks()
    {
        const string FailingDag = "otel_failing";
        using var telemetry = new TelemetryCapture();
        await using var host = await EngineHost.StartAsync([new InlineDag(new DagSpec(FailingDag) { Retries = 1, RetryDelay = TimeSpan.Zero }, dag =>
        {
            var boom = dag.Task("boom", Boom);
            dag.Task("after", (int x) => x + 1, boom);
            dag.Task("pull_missing", async (TaskContext ctx) => await ctx.XCom.PullAsync<int>("nowhere", cancellationToken: ctx.CancellationToken));
        })]);

        var result = await host.TestAsync(FailingDag);

        Assert.Equal(DagRunState.Failed, result.Run.State);
        var spans = telemetry.Spans.Where(s => Equals(s.GetTagItem("baton.run_id"), result.Run.RunId)).ToList();
        var run = Assert.Single(spans, s => s.DisplayName == $"dag_run {FailingDag}");
        AssertTag(run, "baton.dag_run.state", "failed");
        AssertTag(run, "error.type", "task_failed");
        Assert.Equal(ActivityStatusCode.Error, run.Status);
        Assert.StartsWith("failed task instances: ", run.StatusDescription, StringComparison.Ordinal);
        Assert.Contains("boom", run.StatusDescription, StringComparison.Ordinal);
        Assert.Contains("pull_missing", run.StatusDescription, StringComparison.Ordinal);
        Assert.DoesNotContain("after", run.StatusDescription, StringComparison.Ordinal);

        var boomTries = spans.Where(s => s.DisplayName == $"task_try {FailingDag}.boom").OrderBy(s => (int)s.GetTagItem("baton.try_number")!).ToList();
        Assert.Equal(2, boomTries.Count);
        Assert.Equal([1, 2], boomTries.Select(s => (int)s.GetTagItem("baton.try_number")!));
        Assert.Equal(["up_for_retry", "failed"], boomTries.Select(s => (string)s.GetTagItem("baton.task_instance.state")!));
        foreach (var attempt in boomTries)
        {
            Assert.Equal(run.SpanId, attempt.ParentSpanId);
            Assert.Equal(ActivityStatusCode.Error, attempt.Status);
            AssertTag(attempt, "error.type", "System.InvalidOperationException");
            Assert.Equal("InvalidOperationException: boom went the task", attempt.StatusDescription);
        }

        Assert.DoesNotContain(spans, s => s.DisplayName == $"task_try {FailingDag}.after");

        // A pull of a value that is not there: the XCom span fails with the pull's exception, and so does its try, at once (not retryable).
        var pullTry = Assert.Single(spans, s => s.DisplayName == $"task_try {FailingDag}.pull_missing");
        AssertTag(pullTry, "baton.task_instance.state", "failed");
        AssertTag(pullTry, "error.type", typeof(XComNotFoundException).FullName);
        var missing = Assert.Single(telemetry.Spans, s => s.DisplayName == "xcom pull return_value" && s.ParentSpanId == pullTry.SpanId);
        Assert.Equal(ActivityStatusCode.Error, missing.Status);
        AssertTag(missing, "error.type", typeof(XComNotFoundException).FullName);
        AssertTag(missing, "baton.task_id", "nowhere");
        Assert.Contains("No XCom for", missing.StatusDescription, StringComparison.Ordinal);
        Assert.Null(missing.GetTagItem("baton.xcom.storage"));

        var tries = telemetry.Metric("baton.task.tries");
        Assert.Equal(3, tries.MetricPoints.Count);
        Assert.Equal(1, MetricPoints.Single(tries, ("baton.dag_id", FailingDag), ("baton.task_id", "boom"), ("baton.task_instance.state", "up_for_retry"), ("error.type", "System.InvalidOperationException")).GetSumLong());
        Assert.Equal(1, MetricPoints.Single(tries, ("baton.dag_id", FailingDag), ("baton.task_id", "boom"), ("baton.task_instance.state", "failed"), ("error.type", "System.InvalidOperationException")).GetSumLong());
        Assert.Equal(1, MetricPoints.Single(tries, ("baton.dag_id", FailingDag), ("baton.task_id", "pull_missing"), ("baton.task_instance.state", "failed"), ("error.type", typeof(XComNotFoundException).FullName)).GetSumLong());
        Assert.Equal(2, MetricPoints.Having(telemetry.Metric("baton.task.try.duration"), ("baton.task_id", "boom")).Sum(p => p.GetHistogramCount()));
        Assert.DoesNotContain(telemetry.CollectMetrics(), m => m.Name == "baton.xcom.io" && m.MetricPoints.Count > 0);
    }

    [Fact]
    public async Task MappedTasks_TriesAndPullsCarryTheirMapIndex()
    {
        const string MappedDag = "otel_mapped";
        using var telemetry = new TelemetryCapture();
        await using var host = await EngineHost.StartAsync([new InlineDag(MappedDag, dag =>
        {
            var items = dag.Task("items", () => new List<int> { 1, 2 });
            var doubled = dag.Map("double", (int x) => x * 2, items);
            dag.Task("sum", (IReadOnlyList<int> all) => all.Sum(), doubled);
        })]);

        var result = await host.TestAsync(MappedDag);

        Assert.Equal(DagRunState.Success, result.Run.State);
        var spans = telemetry.Spans.Where(s => Equals(s.GetTagItem("baton.run_id"), result.Run.RunId)).ToList();
        var mapped = spans.Where(s => s.DisplayName == $"task_try {MappedDag}.double").ToList();
        Assert.Equal([0, 1], mapped.Select(s => (int)s.GetTagItem("baton.map_index")!).Order());
        var sum = Assert.Single(spans, s => s.DisplayName == $"task_try {MappedDag}.sum");
        AssertTag(sum, "baton.map_index", -1);
        // The sum reads the mapped results one by one, each a pull span of its own map index.
        var pulls = spans.Where(s => s.DisplayName == "xcom pull return_value" && s.ParentSpanId == sum.SpanId).ToList();
        Assert.Equal([0, 1], pulls.Select(s => (int)s.GetTagItem("baton.map_index")!).Order());
        Assert.All(pulls, p => AssertTag(p, "baton.task_id", "double"));
        Assert.Equal(2, MetricPoints.Single(telemetry.Metric("baton.task.tries"), ("baton.dag_id", MappedDag), ("baton.task_id", "double"), ("baton.task_instance.state", "success")).GetSumLong());
    }

    [Fact]
    public async Task TaskCode_RunsUnderItsTrySpan_AndUnderNoActivityWithoutAListener()
    {
        const string CurrentDag = "otel_current";
        var seen = new List<(string? Name, ActivitySpanId SpanId)>();
        await using var host = await EngineHost.StartAsync([new InlineDag(CurrentDag, dag => dag.Task("t", () =>
        {
            lock (seen)
            {
                seen.Add((Activity.Current?.DisplayName, Activity.Current?.SpanId ?? default));
            }
        }))]);

        Assert.False(BatonTelemetry.Source.HasListeners());
        await host.TestAsync(CurrentDag, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal((null, default), Assert.Single(seen));

        using (var telemetry = new TelemetryCapture())
        {
            var result = await host.TestAsync(CurrentDag, new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero));
            var trySpan = Assert.Single(telemetry.Spans, s => s.DisplayName == $"task_try {CurrentDag}.t" && Equals(s.GetTagItem("baton.run_id"), result.Run.RunId));
            Assert.Equal(($"task_try {CurrentDag}.t", trySpan.SpanId), seen[1]);
        }
    }

    private static int Boom() => throw new InvalidOperationException("boom went the task");

    private static InlineDag SimpleXcom() => new(DagId, dag =>
    {
        var value = dag.Task("generate_value", (TaskContext ctx) =>
            new TutorialValue(Random.Shared.Next(1, 1001), new TutorialRecord("baton", ["xcom", "tutorial"], ctx.LogicalDate)));
        dag.Task("print_value", (TutorialValue v, TaskContext ctx) =>
            Console.WriteLine($"Received random number {v.RandomNumber} and record {v.Record.Name} in run {ctx.RunId}"), value);
    });

    /// <summary>The run's span, its two tries as children, the push under the first try and the pull under the second; nothing else.</summary>
    private static (Activity Run, Activity Generate, Activity Print, Activity Push, Activity Pull) AssertSimpleXcomSpans(IReadOnlyList<Activity> exported, DagRunResult result)
    {
        var runId = result.Run.RunId;
        var spans = exported.Where(s => Equals(s.GetTagItem("baton.run_id"), runId)).ToList();
        Assert.All(spans, s => Assert.Equal(BatonTelemetry.ActivitySourceName, s.Source.Name));
        Assert.All(spans, s => Assert.Equal(ActivityKind.Internal, s.Kind));

        var run = Assert.Single(spans, s => s.DisplayName == $"dag_run {DagId}");
        Assert.Equal(default, run.ParentSpanId);
        AssertTag(run, "baton.dag_id", DagId);
        AssertTag(run, "baton.run_type", "manual");
        AssertTag(run, "baton.dag_run.state", "success");
        Assert.Equal(ActivityStatusCode.Unset, run.Status);

        var generate = Assert.Single(spans, s => s.DisplayName == $"task_try {DagId}.generate_value");
        var print = Assert.Single(spans, s => s.DisplayName == $"task_try {DagId}.print_value");
        foreach (var (span, taskId) in new[] { (generate, "generate_value"), (print, "print_value") })
        {
            Assert.Equal(run.TraceId, span.TraceId);
            Assert.Equal(run.SpanId, span.ParentSpanId);
            AssertTag(span, "baton.dag_id", DagId);
            AssertTag(span, "baton.task_id", taskId);
            AssertTag(span, "baton.map_index", -1);
            AssertTag(span, "baton.try_number", 1);
            AssertTag(span, "baton.task_instance.state", "success");
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
            Assert.Null(span.GetTagItem("error.type"));
        }

        Assert.True(generate.StartTimeUtc + generate.Duration <= print.StartTimeUtc, "print_value's try starts after generate_value's ended");

        var push = Assert.Single(spans, s => s.DisplayName == "xcom push return_value");
        var pull = Assert.Single(spans, s => s.DisplayName == "xcom pull return_value");
        Assert.Equal(generate.SpanId, push.ParentSpanId);
        Assert.Equal(print.SpanId, pull.ParentSpanId);
        foreach (var span in new[] { push, pull })
        {
            // Both name the XCom: the value generate_value returned.
            AssertTag(span, "baton.dag_id", DagId);
            AssertTag(span, "baton.task_id", "generate_value");
            AssertTag(span, "baton.map_index", -1);
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
        }

        Assert.Equal(5, spans.Count);
        return (run, generate, print, push, pull);
    }

    /// <summary>One try per task: counted as a success, its duration the recorded end minus start of the try.</summary>
    private static void AssertTryMetrics(TelemetryCapture telemetry, DagRunResult result)
    {
        var metrics = telemetry.CollectMetrics();
        var tries = Assert.Single(metrics, m => m.Name == "baton.task.tries");
        Assert.Equal("{try}", tries.Unit);
        Assert.Equal(2, tries.MetricPoints.Count);
        var duration = Assert.Single(metrics, m => m.Name == "baton.task.try.duration");
        Assert.Equal("s", duration.Unit);
        Assert.Equal(MetricType.Histogram, duration.MetricType);
        foreach (var instance in result.TaskInstances)
        {
            (string, object?)[] tags = [("baton.dag_id", DagId), ("baton.task_id", instance.TaskId), ("baton.task_instance.state", "success")];
            Assert.Equal(1, MetricPoints.Single(tries, tags).GetSumLong());
            var point = MetricPoints.Single(duration, tags);
            Assert.Equal(1, point.GetHistogramCount());
            var recorded = (instance.EndDate!.Value - instance.StartDate!.Value).TotalSeconds;
            Assert.InRange(point.GetHistogramSum(), recorded - 2e-6, recorded + 2e-6);
            var bounds = new List<double>();
            foreach (var bucket in point.GetHistogramBuckets())
            {
                bounds.Add(bucket.ExplicitBound);
            }

            // Buckets in seconds (Baton's advice), not OpenTelemetry's millisecond defaults.
            Assert.Equal(0.005, bounds[0]);
            Assert.Contains(3600, bounds);
        }

        var queue = Assert.Single(metrics, m => m.Name == "baton.executor.queue.length");
        Assert.Equal("{task_instance}", queue.Unit);
        Assert.Equal(MetricType.LongSumNonMonotonic, queue.MetricType);
        Assert.Equal(0, MetricPoints.Single(queue, ("baton.dag_id", DagId)).GetSumLong());
    }

    private static void AssertTag(Activity span, string key, object? expected) =>
        Assert.True(Equals(expected, span.GetTagItem(key)), $"{span.DisplayName}: {key} is '{span.GetTagItem(key)}' ({span.GetTagItem(key)?.GetType().Name}), expected '{expected}'");

    public sealed record TutorialValue(int RandomNumber, TutorialRecord Record);

    public sealed record TutorialRecord(string Name, IReadOnlyList<string> Tags, DateTimeOffset LogicalDate);
}
