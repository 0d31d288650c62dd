using System.Collections.Concurrent;
using Baton.Dags;
using Baton.Runs;
using Baton.Tasks;
using Baton.Testing;
using Baton.XComs;

namespace Baton.Tests.Execution;

public sealed class TaskFlowTests
{
    private sealed record Extracted(string Name, int[] Values);

    private sealed record Transformed(string Name, int Sum, double Mean);

    [Fact]
    public async Task TestAsync_ExtractTransformLoad_PassesTypedValuesDownstream()
    {
        Transformed? loaded = null;
        await using var host = await EngineHost.StartAsync([new InlineDag("etl", dag =>
        {
            var extracted = dag.Task("extract", () => new Extracted("numbers", [1, 2, 3, 4]));
            var transformed = dag.Task("transform", (Extracted e) => new Transformed(e.Name, e.Values.Sum(), e.Values.Average()), extracted);
            dag.Task("load", (Transformed t) => { loaded = t; }, transformed);
        })]);

        var result = await host.TestAsync("etl");

        Assert.Equal(DagRunState.Success, result.Run.State);
        Assert.Equal(new Transformed("numbers", 10, 2.5), loaded);
        Assert.All(result.TaskInstances, t => Assert.Equal(TaskInstanceState.Success, t.State));
        var stored = await host.XComs.PullAsync<Transformed>(new XComKey("etl", result.Run.RunId, "transform"), TestContext.Current.CancellationToken);
        Assert.Equal(new Transformed("numbers", 10, 2.5), stored);
        Assert.Null(await host.XComs.GetAsync(new XComKey("etl", result.Run.RunId, "load"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TestAsync_AsyncTasksWithContext_ReceiveRunDetailsAndParams()
    {
        var seen = new ConcurrentDictionary<string, string>();
        var spec = new DagSpec("ctx") { Params = new System.Text.Json.Nodes.JsonObject { ["who"] = "default", ["n"] = 1 } };
        await using var host = await EngineHost.StartAsync([new InlineDag(spec, dag =>
        {
            var a = dag.Task("a", async (TaskContext ctx) =>
            {
                await Task.Yield();
                seen["run"] = ctx.RunId;
                seen["who"] = ctx.GetParam<string>("who")!;
                seen["n"] = ctx.GetParam<int>("n").ToString(System.Globalization.CultureInfo.InvariantCulture);
                seen["interval"] = $"{ctx.DataInterval.Start:O}|{ctx.DataInterval.End:O}";
                await ctx.XCom.PushAsync("extra", new[] { 1.5, double.NaN }, ctx.CancellationToken);
                return ctx.TryNumber;
            });
            dag.Task("b", async (int tryNumber, TaskContext ctx) =>
            {
                var extra = await ctx.XCom.PullAsync<double[]>("a", "extra", cancellationToken: ctx.CancellationToken);
                seen["extra"] = $"{extra[0]}|{double.IsNaN(extra[1])}";
                seen["try"] = tryNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }, a);
        })]);

        var date = new DateTimeOffset(2022, 12, 20, 0, 0, 0, TimeSpan.Zero);
        var result = await host.Runs.TestAsync(host.Dags.Get("ctx"), date, conf: new System.Text.Json.Nodes.JsonObject { ["who"] = "conf" },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(DagRunState.Success, result.Run.State);
        Assert.Equal("manual__2022-12-20T00:00:00+00:00", seen["run"]);
        Assert.Equal("conf", seen["who"]);
        Assert.Equal("1", seen["n"]);
        Assert.Equal("1.5|True", seen["extra"]);
        Assert.Equal("1", seen["try"]);
        Assert.Equal($"{date:O}|{date:O}", seen["interval"]);
    }

    [Fact]
    public async Task TestAsync_ExplicitDependencies_RunInOrder()
    {
        var order = new ConcurrentQueue<string>();
        await using var host = await EngineHost.StartAsync([new InlineDag("order", dag =>
        {
            var first = dag.Task("first", async () => { await Task.Delay(30); order.Enqueue("first"); });
            var second = dag.Task("second", () => order.Enqueue("second"));
            var third = dag.Task("third", () => order.Enqueue("third"));
            _ = first >> second >> third;
        })]);

        var result = await host.TestAsync("order");

        Assert.Equal(DagRunState.Success, result.Run.State);
        Assert.Equal(["first", "second", "third"], order);
    }

    [Fact]
    public async Task TestAsync_MappedTask_ReturnsResultsInMapIndexOrder()
    {
        IReadOnlyList<string>? received = null;
        await using var host = await EngineHost.StartAsync([new InlineDag("mapped", dag =>
        {
            var numbers = dag.Task("numbers", () => new List<int> { 5, 4, 3, 2, 1 });
            // Later elements finish first, so completion order is the reverse of map_index order.
            var labels = dag.Map("label", async (int n, TaskContext ctx) =>
            {
                await Task.Delay(n * 15, ctx.CancellationToken);
                return $"{ctx.MapIndex}:{n}";
            }, numbers);
            dag.Task("collect", (IReadOnlyList<string> all) => { received = all; }, labels);
        })]);

        var result = await host.TestAsync("mapped");

        Assert.Equal(DagRunState.Success, result.Run.State);
        Assert.Equal(["0:5", "1:4", "2:3", "3:2", "4:1"], received);
        Assert.Equal([0, 1, 2, 3, 4], result.TaskInstances.Where(t => t.TaskId == "label").Select(t => t.MapIndex));
        Assert.DoesNotContain(result.TaskInstances, t => t.TaskId == "label" && t.MapIndex == -1);
    }

    [Fact]
    public async Task TestAsync_MappedOverEmptyList_SkipsTheMappedTaskAndItsDownstream()
    {
        await using var host = await EngineHost.StartAsync([new InlineDag("empty_map", dag =>
        {
            var none = dag.Task("none", () => Array.Empty<int>());
            var doubled = dag.Map("double", (int n) => n * 2, none);
            dag.Task("sum", (IReadOnlyList<int> all) => all.Sum(), doubled);
        })]);

        var result = await host.TestAsync("empty_map");

        Assert.Equal(DagRunState.Success, result.Run.State);
        Assert.Equal(TaskInstanceState.Skipped, result.TaskInstances.Single(t => t.TaskId == "double").State);
        Assert.Equal(TaskInstanceState.Skipped, result.TaskInstances.Single(t => t.TaskId == "sum").State);
    }

    [Fact]
    public async Task TestAsync_MapOverMappedResults_PairsElementsByIndex()
    {
        int? total = null;
        await using var host = await EngineHost.StartAsync([new InlineDag("map_map", dag =>
        {
            var numbers = dag.Task("numbers", () => new[] { 1, 2, 3 });
            var squares = dag.Map("square", (int n) => n * n, numbers);
            var plusOne = dag.Map("plus_one", (int n) => n + 1, squares);
            dag.Task("total", (IEnumerable<int> all) => { total = all.Sum(); }, plusOne);
        })]);

        var result = await host.TestAsync("map_map");

        Assert.Equal(DagRunState.Success, result.Run.State);
        Assert.Equal(2 + 5 + 10, total);
    }
}
