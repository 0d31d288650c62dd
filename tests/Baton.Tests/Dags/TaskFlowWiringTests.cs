using Baton.Dags;
using Baton.Tasks;

namespace Baton.Tests.Dags;

/// <summary>
/// The TaskFlow overloads: each local below is typed explicitly, so a wrong inference is a compile error; the assertions
/// check what the builder recorded.
/// </summary>
public sealed class TaskFlowWiringTests
{
    [Fact]
    public void Task_WithoutInputs_InfersTheOutputTypeOfSyncAsyncAndContextFunctions()
    {
        var dag = Load(d =>
        {
            XComArg<int> sync = d.Task("sync", () => 1);
            XComArg<string> async = d.Task("async", async () =>
            {
                await Task.Yield();
                return "x";
            });
            XComArg<string> withContext = d.Task("with_context", ctx => ctx.RunId);
            XComArg<DateTimeOffset> asyncWithContext = d.Task("async_with_context", ctx => Task.FromResult(ctx.LogicalDate));
            TaskHandle action = d.Task("action", () => { });
            TaskHandle asyncAction = d.Task("async_action", () => Task.CompletedTask);
            TaskHandle contextAction = d.Task("context_action", (TaskContext ctx) => { });
            TaskHandle asyncContextAction = d.Task("async_context_action", (TaskContext ctx) => Task.CompletedTask);
        });

        Assert.Equal(typeof(int), OutputOf(dag, "sync"));
        Assert.Equal(typeof(string), OutputOf(dag, "async"));
        Assert.Equal(typeof(string), OutputOf(dag, "with_context"));
        Assert.Equal(typeof(DateTimeOffset), OutputOf(dag, "async_with_context"));
        Assert.Null(OutputOf(dag, "action"));
        Assert.Null(OutputOf(dag, "async_action"));
        Assert.Null(OutputOf(dag, "context_action"));
        Assert.Null(OutputOf(dag, "async_context_action"));
        Assert.All(dag.Tasks, t => Assert.Empty(t.UpstreamTaskIds));
        Assert.All(dag.Tasks, t => Assert.False(t.IsMapped));
    }

    [Fact]
    public void Task_WithOneToFourInputs_InfersArgumentTypesAndRecordsUpstreamInArgumentOrder()
    {
        var dag = Load(d =>
        {
            XComArg<int> number = d.Task("number", () => 2);
            XComArg<string> text = d.Task("text", () => "two");
            XComArg<double> real = d.Task("real", () => 2.5);
            XComArg<bool> flag = d.Task("flag", () => true);

            XComArg<string> one = d.Task("one", n => n.ToString(System.Globalization.CultureInfo.InvariantCulture), number);
            XComArg<int> two = d.Task("two", (s, n) => s.Length + n, text, number);
            XComArg<double> three = d.Task("three", async (n, s, r) =>
            {
                await Task.Yield();
                return n + s.Length + r;
            }, number, text, real);
            XComArg<string> four = d.Task("four", (f, r, s, n) => $"{f}{r}{s}{n}", flag, real, text, number);
            TaskHandle sink = d.Task("sink", (a, b, ctx) => { }, one, two);
            TaskHandle asyncSink = d.Task("async_sink", (a, b, c, e, ctx) => Task.CompletedTask, one, two, three, four);
        });

        Assert.Equal(typeof(string), OutputOf(dag, "one"));
        Assert.Equal(typeof(int), OutputOf(dag, "two"));
        Assert.Equal(typeof(double), OutputOf(dag, "three"));
        Assert.Equal(typeof(string), OutputOf(dag, "four"));
        Assert.Null(OutputOf(dag, "sink"));
        Assert.Null(OutputOf(dag, "async_sink"));
        Assert.Equal(["number"], UpstreamOf(dag, "one"));
        Assert.Equal(["text", "number"], UpstreamOf(dag, "two"));
        Assert.Equal(["number", "text", "real"], UpstreamOf(dag, "three"));
        Assert.Equal(["flag", "real", "text", "number"], UpstreamOf(dag, "four"));
        Assert.Equal(["one", "two", "three", "four"], UpstreamOf(dag, "async_sink"));
    }

    [Fact]
    public void Task_TakingABaseType_AcceptsAnUpstreamReturningADerivedType()
    {
        var dag = Load(d =>
        {
            XComArg<List<int>> list = d.Task("list", () => new List<int> { 1, 2 });
            XComArg<int> sum = d.Task("sum", (IEnumerable<int> xs) => xs.Sum(), list);
        });

        Assert.Equal(["list"], UpstreamOf(dag, "sum"));
    }

    [Fact]
    public void Map_OverListArrayAndEnumerable_ReturnsAListOfTheElementResults()
    {
        var dag = Load(d =>
        {
            XComArg<List<int>> list = d.Task("list", () => new List<int> { 1, 2, 3 });
            XComArg<int[]> array = d.Task("array", () => Enumerable.Range(1, 3).ToArray());
            XComArg<IEnumerable<int>> sequence = d.Task("sequence", () => Enumerable.Range(1, 3));

            XComArg<IReadOnlyList<int>> doubled = d.Map("doubled", x => x * 2, list);
            XComArg<IReadOnlyList<string>> named = d.Map("named", x => $"n{x}", array);
            XComArg<IReadOnlyList<long>> widened = d.Map("widened", async x =>
            {
                await Task.Yield();
                return (long)x;
            }, sequence);
            XComArg<IReadOnlyList<int>> shifted = d.Map("shifted", (x, ctx) => x + ctx.MapIndex, list);
            TaskHandle printed = d.Map("printed", (int x) => { }, array);

            // A mapped task's result is itself a list to map over.
            XComArg<IReadOnlyList<int>> again = d.Map("again", x => x + 1, doubled);
            XComArg<int> total = d.Task("total", xs => xs.Sum(), again);
        });

        Assert.Equal(typeof(int), OutputOf(dag, "doubled"));
        Assert.Equal(typeof(string), OutputOf(dag, "named"));
        Assert.Equal(typeof(long), OutputOf(dag, "widened"));
        Assert.Null(OutputOf(dag, "printed"));
        Assert.All(
            ["doubled", "named", "widened", "shifted", "printed", "again"],
            id => Assert.True(dag.FindTask(id)!.IsMapped, $"{id} should be mapped"));
        Assert.False(dag.FindTask("total")!.IsMapped);
        Assert.Equal(["list"], UpstreamOf(dag, "doubled"));
        Assert.Equal(["array"], UpstreamOf(dag, "named"));
        Assert.Equal(["sequence"], UpstreamOf(dag, "widened"));
        Assert.Equal(["doubled"], UpstreamOf(dag, "again"));
        Assert.Equal(["again"], UpstreamOf(dag, "total"));
    }

    [Fact]
    public void ShiftOperator_OrdersTasksAndIsReflectedInUpstreamIdsAndTopologicalOrder()
    {
        var dag = Load(d =>
        {
            // Declared in reverse so only the wiring can put them in order.
            var load = d.Task("load", () => { });
            var transform = d.Task("transform", () => { });
            var extract = d.Task("extract", () => { });
            _ = extract >> transform >> load;
        });

        Assert.Equal(["extract", "transform", "load"], dag.Tasks.Select(t => t.TaskId));
        Assert.Empty(UpstreamOf(dag, "extract"));
        Assert.Equal(["extract"], UpstreamOf(dag, "transform"));
        Assert.Equal(["transform"], UpstreamOf(dag, "load"));
        Assert.Equal(["transform"], dag.DownstreamOf(dag.FindTask("extract")!).Select(t => t.TaskId));
    }

    [Fact]
    public void LeftShiftDependsOnAndChain_OrderTasksTheSameWayAsRightShift()
    {
        var dag = Load(d =>
        {
            var d4 = d.Task("d4", () => { });
            var d3 = d.Task("d3", () => { });
            var d2 = d.Task("d2", () => { });
            var d1 = d.Task("d1", () => { });
            var d0 = d.Task("d0", () => { });
            _ = d1 << d0;
            d2.DependsOn(d1);
            d.Chain(d2, d3, d4);
        });

        Assert.Equal(["d0", "d1", "d2", "d3", "d4"], dag.Tasks.Select(t => t.TaskId));
        Assert.Equal(["d0"], UpstreamOf(dag, "d1"));
        Assert.Equal(["d1"], UpstreamOf(dag, "d2"));
        Assert.Equal(["d2"], UpstreamOf(dag, "d3"));
        Assert.Equal(["d3"], UpstreamOf(dag, "d4"));
    }

    [Fact]
    public void DependsOn_SeveralUpstream_PutsTheTaskAfterAllOfThemAndListsDataInputsFirst()
    {
        var dag = Load(d =>
        {
            var report = d.Task("report", (int n) => { }, d.Task("count", () => 3));
            var cleanup = d.Task("cleanup", () => { });
            var audit = d.Task("audit", () => { });
            report.DependsOn(cleanup, audit);
            report.DependsOn(audit);
        });

        Assert.Equal(["count", "cleanup", "audit"], UpstreamOf(dag, "report"));
        Assert.Equal("report", dag.Tasks[^1].TaskId);
    }

    [Fact]
    public void Tasks_InAnyDiamond_ComeAfterEachOfTheirUpstreamTasks()
    {
        var dag = Load(d =>
        {
            var left = d.Task("left", () => 1);
            var right = d.Task("right", () => 2);
            var join = d.Task("join", (a, b) => a + b, left, right);
            var end = d.Task("end", () => { });
            var begin = d.Task("begin", () => { });
            _ = join >> end;
            left.DependsOn(begin);
            right.DependsOn(begin);
        });

        var position = dag.Tasks.Select((t, i) => (t.TaskId, i)).ToDictionary(p => p.TaskId, p => p.i);
        Assert.Equal(5, position.Count);
        Assert.All(dag.Tasks, t => Assert.All(t.UpstreamTaskIds, u => Assert.True(position[u] < position[t.TaskId], $"{u} should come before {t.TaskId}")));
        Assert.Equal("begin", dag.Tasks[0].TaskId);
        Assert.Equal("end", dag.Tasks[^1].TaskId);
    }

    private static Dag Load(Action<DagBuilder> build) => Dag.Load(new TestDag(new DagSpec("taskflow"), build));

    private static Type? OutputOf(Dag dag, string taskId) => dag.FindTask(taskId)!.OutputType;

    private static IReadOnlyList<string> UpstreamOf(Dag dag, string taskId) => dag.FindTask(taskId)!.UpstreamTaskIds;
}
