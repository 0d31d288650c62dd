using Baton.Dags;
using Baton.Execution;
using Baton.Metadata;
using Baton.Runs;
using Baton.Scheduling;
using Baton.Testing;

namespace Baton.Tests.Execution;

/// <summary>
/// Two engine hosts on one BATON_HOME are two processes on one database: while one works on a run, nothing the other
/// does may delete, reset or drive that run.
/// </summary>
public sealed class RunOwnershipTests
{
    private const string DagId = "gated";
    private static readonly DateTimeOffset Date = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string RunId = RunIds.Generate(DagRunType.Manual, Date);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static InlineDag Gated(GatedWork work, int retries = 0) => new(new DagSpec(DagId) { Retries = retries, RetryDelay = TimeSpan.Zero }, dag =>
    {
        var wait = dag.Task("wait", async () =>
        {
            await work.HoldAsync("wait");
            return 1;
        });
        dag.Task("after", (int value) =>
        {
            work.Count("after");
            return value + 1;
        }, wait);
    });

    private static async Task<(EngineHost First, EngineHost Second)> TwoHostsAsync(GatedWork work)
    {
        var first = await EngineHost.StartAsync([Gated(work)]);
        var second = await EngineHost.StartAsync([Gated(work)], sharedHome: first.Home);
        return (first, second);
    }

    /// <summary>Starts <c>dags test</c> on the first host and returns once its <c>wait</c> task is in flight.</summary>
    private static async Task<Task<DagRunResult>> HoldARunAsync(EngineHost host, GatedWork work)
    {
        var running = host.TestAsync(DagId, Date);
        await Task.WhenAny(work.HeldOnce, running).Unwrap().WaitAsync(Ct);
        return running;
    }

    private static async Task AssertFinishedOnceAsync(Task<DagRunResult> running, GatedWork work)
    {
        var result = await running;
        Assert.Equal((RunId, DagRunState.Success), (result.Run.RunId, result.Run.State));
        Assert.All(result.TaskInstances, t => Assert.Equal((TaskInstanceState.Success, 1), (t.State, t.TryNumber)));
        Assert.Equal((1, 1), (work.Executions("wait"), work.Executions("after")));
    }

    private static void AssertNamesTheHolder(Exception refused)
    {
        Assert.Contains($"'{DagId}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"'{RunId}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"in use by pid {Environment.ProcessId} on host '{Environment.MachineName}' since ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DagsTest_WhileAnotherProcessRunsTheSameDate_IsRefusedAndTheFirstRunsEachTaskOnce()
    {
        var work = new GatedWork();
        var (first, second) = await TwoHostsAsync(work);
        await using var _ = first;
        await using var __ = second;
        var running = await HoldARunAsync(first, work);

        var again = second.TestAsync(DagId, Date);
        // Refused at once; the failure this guards against is a second run of the same id getting as far as the gate.
        await Task.WhenAny(again, work.HeldTwice).WaitAsync(Ct);
        work.Open();

        var refused = await Assert.ThrowsAnyAsync<BatonException>(() => again);
        Assert.IsType<DagRunInUseException>(refused);
        AssertNamesTheHolder(refused);
        await AssertFinishedOnceAsync(running, work);
    }

    [Fact]
    public async Task DeleteRun_WhileAnotherProcessRunsIt_IsRefusedAndTheRunFinishes()
    {
        var work = new GatedWork();
        var (first, second) = await TwoHostsAsync(work);
        await using var _ = first;
        await using var __ = second;
        var running = await HoldARunAsync(first, work);

        var refused = await Record.ExceptionAsync(() => second.Runs.DeleteRunAsync(DagId, RunId, Ct));
        work.Open();

        Assert.IsType<DagRunInUseException>(refused);
        AssertNamesTheHolder(refused);
        await AssertFinishedOnceAsync(running, work);
        Assert.Equal(DagRunState.Success, (await first.Store.GetDagRunAsync(DagId, RunId, Ct))?.State);
    }

    [Fact]
    public async Task Clear_WhileAnotherProcessRunsTheRun_LeavesItAloneAndReportsIt()
    {
        var work = new GatedWork();
        var (first, second) = await TwoHostsAsync(work);
        await using var _ = first;
        await using var __ = second;
        var running = await HoldARunAsync(first, work);

        var cleared = await second.Runs.ClearAsync(second.Dags.Get(DagId), new ClearRequest(), Ct);
        work.Open();

        Assert.Equal((0, 0), (cleared.Runs, cleared.TaskInstances));
        Assert.Equal(RunId, Assert.Single(cleared.InUse).RunId);
        await AssertFinishedOnceAsync(running, work);
    }

    [Fact]
    public async Task DeleteRunsBefore_WhileAnotherProcessRunsAnOldRun_LeavesItAloneAndReportsIt()
    {
        var work = new GatedWork();
        var (first, second) = await TwoHostsAsync(work);
        await using var _ = first;
        await using var __ = second;
        var running = await HoldARunAsync(first, work);

        var cleaned = await second.Runs.DeleteRunsBeforeAsync(Date.AddDays(1), cancellationToken: Ct);
        work.Open();

        Assert.Empty(cleaned.Deleted);
        Assert.Equal(RunId, Assert.Single(cleaned.InUse).RunId);
        await AssertFinishedOnceAsync(running, work);
    }

    [Fact]
    public async Task TestTask_WhileAnotherProcessRunsTheRunForThatDate_IsRefused()
    {
        var work = new GatedWork();
        var (first, second) = await TwoHostsAsync(work);
        await using var _ = first;
        await using var __ = second;
        var running = await HoldARunAsync(first, work);
        var dag = second.Dags.Get(DagId);

        var refused = await Record.ExceptionAsync(() => second.Runs.TestTaskAsync(dag, dag.FindTask("after")!, Date, cancellationToken: Ct));
        work.Open();

        Assert.IsType<DagRunInUseException>(refused);
        AssertNamesTheHolder(refused);
        await AssertFinishedOnceAsync(running, work);
    }

    [Fact]
    public async Task RunAsync_OfARunAnotherProcessEndedAfterItWasListed_LeavesItAsItEnded()
    {
        var work = new GatedWork();
        work.Open();
        var (first, second) = await TwoHostsAsync(work);
        await using var _ = first;
        await using var __ = second;
        // Both schedulers list the run while it is queued; the first drives it to its end before the second claims it.
        var listed = await first.Runs.TriggerAsync(first.Dags.Get(DagId), Date, RunId, cancellationToken: Ct);
        await first.Runs.RunAsync(first.Dags.Get(DagId), listed, cancellationToken: Ct);
        var recorded = await first.Store.GetDagRunAsync(DagId, RunId, Ct);

        var again = await second.Runs.RunAsync(second.Dags.Get(DagId), listed, cancellationToken: Ct);

        Assert.Equal(recorded, await second.Store.GetDagRunAsync(DagId, RunId, Ct));
        Assert.True(again.AlreadyEnded);
        Assert.Equal(DagRunState.Success, again.Run.State);
        Assert.Equal((1, 1), (work.Executions("wait"), work.Executions("after")));
    }

    [Theory]
    [InlineData("dags test")]
    [InlineData("backfill")]
    public async Task Scheduler_WhileAnotherProcessRunsARun_LeavesItToThatProcess(string holder)
    {
        var work = new GatedWork();
        var (first, second) = await TwoHostsAsync(work);
        await using var _ = first;
        await using var __ = second;
        await second.Store.SetDagPausedAsync(DagId, false, Ct);
        Task running = holder == "dags test"
            ? first.TestAsync(DagId, Date)
            : first.Runs.BackfillAsync(first.Dags.Get(DagId), Date, Date, cancellationToken: Ct);
        await Task.WhenAny(work.HeldOnce, running).WaitAsync(Ct);
        var runId = Assert.Single(await first.Store.ListDagRunsAsync(DagId, cancellationToken: Ct)).RunId;

        await second.Scheduler.RunOnceAsync(Ct);
        for (var i = 0; i < 500 && second.Scheduler.ActiveRunCount > 0; i++)
        {
            await Task.Delay(20, Ct);
        }

        var during = (await second.Store.GetDagRunAsync(DagId, runId, Ct))!.State;
        work.Open();
        await running;

        Assert.Equal(DagRunState.Running, during);
        Assert.Equal((1, 1), (work.Executions("wait"), work.Executions("after")));
        Assert.Equal(DagRunState.Success, (await first.Store.GetDagRunAsync(DagId, runId, Ct))!.State);
    }

    [Fact]
    public async Task Scheduler_RunWhoseTaskWasLeftRunningByADeadProcess_RecoversTheTaskAndFinishesTheRun()
    {
        var work = new GatedWork();
        work.Open();
        await using var host = await EngineHost.StartAsync([Gated(work, retries: 1)]);
        await host.Store.SetDagPausedAsync(DagId, false, Ct);
        var dag = host.Dags.Get(DagId);
        var run = await host.Runs.CreateRunAsync(dag, DagRunType.Manual, new DataInterval(Date, Date), Date, RunId, state: DagRunState.Running, cancellationToken: Ct);
        var wait = (await host.Store.ListTaskInstancesAsync(DagId, run.RunId, Ct)).Single(t => t.TaskId == "wait");
        // The process that ran this try is gone (kill -9) after the scheduler started, so the start-up recovery did not see it.
        await host.Store.UpdateTaskInstanceAsync(wait with
        {
            State = TaskInstanceState.Running, TryNumber = 1, StartDate = Date, Hostname = Environment.MachineName, Pid = int.MaxValue - 7,
        }, Ct);

        await host.Scheduler.RunOnceAsync(Ct);
        for (var i = 0; i < 500 && host.Scheduler.ActiveRunCount > 0; i++)
        {
            await Task.Delay(20, Ct);
        }

        Assert.Equal(DagRunState.Success, (await host.Store.GetDagRunAsync(DagId, run.RunId, Ct))!.State);
        Assert.Equal((1, 1), (work.Executions("wait"), work.Executions("after")));
        Assert.Equal(2, (await host.Store.ListTaskInstancesAsync(DagId, run.RunId, Ct)).Single(t => t.TaskId == "wait").TryNumber);
    }

    [Fact]
    public async Task DagsTest_OfARunHeldByADeadProcess_TakesItOverAndRunsTheDateAgain()
    {
        var work = new GatedWork();
        work.Open();
        await using var host = await EngineHost.StartAsync([Gated(work)]);
        var dag = host.Dags.Get(DagId);
        var dead = new DagRunOwner("dead-owner", int.MaxValue - 7, Environment.MachineName, Date);
        await host.Runs.CreateRunAsync(dag, DagRunType.Manual, new DataInterval(Date, Date), Date, RunId, state: DagRunState.Running, owner: dead, cancellationToken: Ct);

        var result = await host.TestAsync(DagId, Date);

        Assert.Equal(DagRunState.Success, result.Run.State);
        Assert.Null((await host.Store.GetDagRunAsync(DagId, RunId, Ct))!.Owner);
        Assert.Equal((1, 1), (work.Executions("wait"), work.Executions("after")));
    }

    [Fact]
    public async Task Delete_OfARunHeldByAProcessOnAnotherHost_IsRefusedNamingThatHost()
    {
        await using var host = await EngineHost.StartAsync([Gated(new GatedWork())]);
        var dag = host.Dags.Get(DagId);
        var elsewhere = new DagRunOwner("other-host-owner", 4242, "another-machine", Date);
        await host.Runs.CreateRunAsync(dag, DagRunType.Manual, new DataInterval(Date, Date), Date, RunId, state: DagRunState.Running, owner: elsewhere, cancellationToken: Ct);

        var refused = await Assert.ThrowsAsync<DagRunInUseException>(() => host.Runs.DeleteRunAsync(DagId, RunId, Ct));

        Assert.Contains("in use by pid 4242 on host 'another-machine' since 2024-01-01T00:00:00.000Z", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(await host.Store.GetDagRunAsync(DagId, RunId, Ct));
    }
}
