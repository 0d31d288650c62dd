using Baton.Dags;
using Baton.Scheduling;

namespace Baton.Tests.Dags;

public sealed class DagLoadTests
{
    private static readonly DateTimeOffset Start = new(2022, 12, 20, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Load_ValidDag_ParsesTheScheduleAndKeepsEveryTask()
    {
        var dag = Dag.Load(new TestDag(new DagSpec("etl") { Schedule = "@daily", StartDate = Start }, d =>
        {
            var extract = d.Task("extract", () => 1);
            d.Task("load", (int x) => { }, extract);
        }));

        Assert.Equal("etl", dag.DagId);
        Assert.True(dag.Timetable.CanBeScheduled);
        Assert.Equal("@daily", dag.Timetable.Summary);
        Assert.Equal(["extract", "load"], dag.Tasks.Select(t => t.TaskId));
    }

    [Fact]
    public void Load_CycleThroughShiftOperator_ThrowsNamingTheDagAndTheCycle()
    {
        var definition = new TestDag(new DagSpec("cyclic"), d =>
        {
            var a = d.Task("a", () => { });
            var b = d.Task("b", () => { });
            var c = d.Task("c", () => { });
            _ = a >> b >> c;
            _ = c >> a;
        });

        var e = Assert.Throws<DagDefinitionException>(() => Dag.Load(definition));

        Assert.Equal("cyclic", e.DagId);
        Assert.Contains("DAG 'cyclic'", e.Message, StringComparison.Ordinal);
        Assert.Contains("cycle between tasks: a >> b >> c >> a", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TaskThatDependsOnItself_ThrowsNamingTheCycle()
    {
        var definition = new TestDag(new DagSpec("selfish"), d =>
        {
            var a = d.Task("a", () => { });
            a.DependsOn(a);
        });

        var e = Assert.Throws<DagDefinitionException>(() => Dag.Load(definition));

        Assert.Contains("cycle between tasks: a >> a", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CycleBehindAnAcyclicPrefix_NamesOnlyTheTasksOfTheCycle()
    {
        var definition = new TestDag(new DagSpec("tail_cycle"), d =>
        {
            var start = d.Task("start", () => { });
            var x = d.Task("x", () => { });
            var y = d.Task("y", () => { });
            _ = start >> x >> y;
            _ = y >> x;
        });

        var e = Assert.Throws<DagDefinitionException>(() => Dag.Load(definition));

        var cycle = Assert.Single(e.Problems, p => p.StartsWith("cycle", StringComparison.Ordinal));
        Assert.DoesNotContain("start", cycle, StringComparison.Ordinal);
        Assert.Contains("x >> y >> x", cycle, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateTaskId_ThrowsNamingTheTask()
    {
        var definition = new TestDag(new DagSpec("dupes"), d =>
        {
            d.Task("extract", () => 1);
            d.Task("extract", () => 2);
        });

        var e = Assert.Throws<DagDefinitionException>(() => Dag.Load(definition));

        Assert.Equal("dupes", e.DagId);
        Assert.Contains("duplicate task id 'extract'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad id!")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("ü")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a\u001bb")]
    public void Load_InvalidTaskId_ThrowsNamingTheId(string taskId)
    {
        var definition = new TestDag(new DagSpec("ok_dag"), d => d.Task(taskId, () => { }));

        var e = Assert.Throws<DagDefinitionException>(() => Dag.Load(definition));

        Assert.Contains($"invalid task id '{taskId}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TaskIdLongerThan250Characters_IsRejected()
    {
        var longId = new string('t', 251);
        var definition = new TestDag(new DagSpec("ok_dag"), d => d.Task(longId, () => { }));

        var e = Assert.Throws<DagDefinitionException>(() => Dag.Load(definition));

        Assert.Contains("invalid task id", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("my_dag")]
    [InlineData("My-Dag.v2")]
    [InlineData("0")]
    public void Load_IdOfLettersDigitsDashDotAndUnderscore_IsAccepted(string id)
    {
        var dag = Dag.Load(new TestDag(new DagSpec(id), d => d.Task(id, () => { })));

        Assert.Equal(id, dag.DagId);
        Assert.NotNull(dag.FindTask(id));
    }

    [Theory]
    [InlineData("bad id!")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    public void Load_InvalidDagId_ThrowsNamingTheId(string dagId)
    {
        var e = Assert.Throws<DagDefinitionException>(() => Dag.Load(TestDag.OneTask(new DagSpec(dagId))));

        Assert.Equal(dagId, e.DagId);
        Assert.Contains($"invalid dag id '{dagId}'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("@sometimes")]
    [InlineData("61 * * * *")]
    [InlineData("* * *")]
    public void Load_InvalidSchedule_ThrowsNamingTheDagAndTheSchedule(string schedule)
    {
        var definition = TestDag.OneTask(new DagSpec("badly_scheduled") { Schedule = schedule, StartDate = Start });

        var e = Assert.Throws<DagDefinitionException>(() => Dag.Load(definition));

        Assert.Equal("badly_scheduled", e.DagId);
        Assert.Contains("DAG 'badly_scheduled'", e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{schedule}'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("@daily")]
    [InlineData("@once")]
    [InlineData("*/5 * * * *")]
    public void Load_ScheduledDagWithoutStartDate_ThrowsSayingItNeedsOne(string schedule)
    {
        var definition = TestDag.OneTask(new DagSpec("no_start") { Schedule = schedule });

        var e = Assert.Throws<DagDefinitionException>(() => Dag.Load(definition));

        Assert.Equal("no_start", e.DagId);
        Assert.Contains($"schedule '{schedule}' needs a StartDate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnscheduledDagWithoutStartDate_IsValid()
    {
        var dag = Dag.Load(TestDag.OneTask(new DagSpec("manual_only")));

        Assert.False(dag.Timetable.CanBeScheduled);
        Assert.IsType<NullTimetable>(dag.Timetable);
    }

    [Fact]
    public void Load_BuildThrows_WrapsTheErrorInDagDefinitionExceptionNamingTheDag()
    {
        var boom = new InvalidOperationException("the config file is missing");
        var definition = new TestDag(new DagSpec("exploding"), _ => throw boom);

        var e = Assert.Throws<DagDefinitionException>(() => Dag.Load(definition));

        Assert.Equal("exploding", e.DagId);
        Assert.Same(boom, e.InnerException);
        Assert.Contains("DAG 'exploding'", e.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException", e.Message, StringComparison.Ordinal);
        Assert.Contains("the config file is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SpecThrows_WrapsTheErrorNamingTheDefinitionType()
    {
        var e = Assert.Throws<DagDefinitionException>(() => Dag.Load(new ThrowingSpecDag()));

        Assert.Equal(typeof(ThrowingSpecDag).FullName, e.DagId);
        Assert.IsType<NotSupportedException>(e.InnerException);
        Assert.Contains(nameof(ThrowingSpecDag), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OperationCanceledInBuild_IsNotWrapped()
    {
        var definition = new TestDag(new DagSpec("cancelled"), _ => throw new OperationCanceledException());

        Assert.Throws<OperationCanceledException>(() => Dag.Load(definition));
    }

    [Fact]
    public void Load_DagWithoutTasks_ThrowsSayingItHasNone()
    {
        var e = Assert.Throws<DagDefinitionException>(() => Dag.Load(new TestDag(new DagSpec("empty"), _ => { })));

        Assert.Contains("it has no tasks", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MaxActiveRunsBelowOneOrNegativeRetries_ReportsBoth()
    {
        var definition = TestDag.OneTask(new DagSpec("limits") { MaxActiveRuns = 0, Retries = -1 });

        var e = Assert.Throws<DagDefinitionException>(() => Dag.Load(definition));

        Assert.Contains(e.Problems, p => p.Contains("MaxActiveRuns", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("Retries", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_SeveralProblems_ReportsEveryOneAtOnce()
    {
        var definition = new TestDag(new DagSpec("many_problems") { Schedule = "@sometimes" }, d =>
        {
            d.Task("same", () => { });
            d.Task("same", () => { });
            d.Task("bad id!", () => { });
        });

        var e = Assert.Throws<DagDefinitionException>(() => Dag.Load(definition));

        Assert.Equal(3, e.Problems.Count);
        Assert.Contains(e.Problems, p => p.Contains("'@sometimes'", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("duplicate task id 'same'", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("invalid task id 'bad id!'", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_TaskWiredToATaskOfAnotherDag_ThrowsNamingBothTasks()
    {
        TaskHandle? foreign = null;
        Dag.Load(new TestDag(new DagSpec("first"), d => foreign = d.Task("theirs", () => { })));
        var definition = new TestDag(new DagSpec("second"), d => d.Task("mine", () => { }).DependsOn(foreign!));

        var e = Assert.Throws<DagDefinitionException>(() => Dag.Load(definition));

        Assert.Contains("task 'mine' depends on task 'theirs' of another DAG", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TaskOfAnotherDagOrderedAfterATaskOfThisDag_ThrowsAndLeavesTheOtherDagUnchanged()
    {
        TaskHandle? foreign = null;
        var first = Dag.Load(new TestDag(new DagSpec("first"), d => foreign = d.Task("theirs", () => { })));
        var definition = new TestDag(new DagSpec("second"), d =>
        {
            var mine = d.Task("mine", () => { });
            _ = mine >> foreign!;
        });

        var e = Assert.Throws<DagDefinitionException>(() => Dag.Load(definition));

        Assert.Equal("second", e.DagId);
        Assert.Contains("'theirs'", e.Message, StringComparison.Ordinal);
        Assert.Empty(first.FindTask("theirs")!.UpstreamTaskIds);
    }

    [Fact]
    public void Load_ChainEndingInATaskOfAnotherDag_ThrowsAndLeavesTheOtherDagUnchanged()
    {
        TaskHandle? foreign = null;
        var first = Dag.Load(new TestDag(new DagSpec("first"), d => foreign = d.Task("theirs", () => { })));
        var definition = new TestDag(new DagSpec("second"), d => d.Chain(d.Task("mine", () => { }), foreign!));

        var e = Assert.Throws<DagDefinitionException>(() => Dag.Load(definition));

        Assert.Equal("second", e.DagId);
        Assert.Contains("'theirs'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("task 'mine' depends on task 'theirs'", e.Message, StringComparison.Ordinal);
        Assert.Empty(first.FindTask("theirs")!.UpstreamTaskIds);
    }

    private sealed class ThrowingSpecDag : IDagDefinition
    {
        public DagSpec Spec => throw new NotSupportedException("no spec today");

        public void Build(DagBuilder dag)
        {
        }
    }
}
