using Baton.Runs;
using Baton.Metadata;

namespace Baton.Tests.Metadata.Contract;

/// <summary>What every metadata database must do with runs: create, read, list, update, hold (claims) and delete.</summary>
public abstract class DagRunStoreContract : MetadataContract
{
    [Fact]
    public async Task Create_ThenGet_RoundTripsEveryField()
    {
        var run = Run("r", Owner("holder"), type: DagRunType.Scheduled, state: DagRunState.Running) with
        {
            Conf = """{"x": 1, "name": "密码"}""", StartDate = Date.AddMinutes(1), EndDate = Date.AddMinutes(2).AddTicks(10),
        };

        await Store.CreateDagRunAsync(run, [Instance("r", "a"), Instance("r", "b")], Ct);

        Assert.Equal(run, await Store.GetDagRunAsync("d", "r", Ct));
        Assert.Equal(["a", "b"], (await Store.ListTaskInstancesAsync("d", "r", Ct)).Select(t => t.TaskId));
    }

    [Fact]
    public async Task Create_OfARunIdThatExists_ThrowsDagRunExistsAndChangesNothing()
    {
        await Store.CreateDagRunAsync(Run("r"), [Instance("r", "a")], Ct);

        var error = await Assert.ThrowsAsync<DagRunExistsException>(() =>
            Store.CreateDagRunAsync(Run("r", state: DagRunState.Running), [Instance("r", "other")], Ct));

        Assert.Contains("'r'", error.Message, StringComparison.Ordinal);
        Assert.Equal(DagRunState.Queued, (await Store.GetDagRunAsync("d", "r", Ct))!.State);
        Assert.Equal(["a"], (await Store.ListTaskInstancesAsync("d", "r", Ct)).Select(t => t.TaskId));
    }

    [Fact]
    public async Task Create_OfTheSameRunIdInAnotherDag_IsAnotherRun()
    {
        await Store.CreateDagRunAsync(Run("r"), [], Ct);

        await Store.CreateDagRunAsync(Run("r", dagId: "other"), [], Ct);

        Assert.Equal(2, (await Store.ListDagRunsAsync(cancellationToken: Ct)).Count);
    }

    [Fact]
    public async Task ListRecent_GivesEachDagItsNewestRuns_NewestFirst_EvenForMoreDagsThanOneStatementTakes()
    {
        await Store.CreateDagRunAsync(Run("old", logicalDate: Date), [], Ct);
        await Store.CreateDagRunAsync(Run("new", logicalDate: Date.AddDays(2)), [], Ct);
        await Store.CreateDagRunAsync(Run("same_date_first", logicalDate: Date.AddDays(1)), [], Ct);
        await Store.CreateDagRunAsync(Run("same_date_later", logicalDate: Date.AddDays(1)), [], Ct);
        // 250 DAGs with a run each: more than the 200 one statement takes.
        var many = Enumerable.Range(0, 250).Select(i => $"dag_{i:D3}").ToList();
        foreach (var dagId in many)
        {
            await Store.CreateDagRunAsync(Run("only", dagId: dagId), [], Ct);
        }

        var recent = await Database.OpenQueries().ListRecentDagRunsAsync(["d", "empty", .. many, "d"], 3, Ct);

        Assert.Equal(["new", "same_date_later", "same_date_first"], recent["d"].Select(r => r.RunId));
        Assert.Equal(Run("new", logicalDate: Date.AddDays(2)), recent["d"][0]);
        Assert.Empty(recent["empty"]);
        Assert.Equal(252, recent.Count);
        Assert.All(many, dagId => Assert.Equal("only", Assert.Single(recent[dagId]).RunId));
        Assert.Equal(["new"], (await Database.OpenQueries().ListRecentDagRunsAsync(["d"], 1, Ct))["d"].Select(r => r.RunId));
    }

    [Fact]
    public async Task List_FiltersByDagAndStates_NewestLogicalDateFirst()
    {
        await Store.CreateDagRunAsync(Run("old", logicalDate: Date, state: DagRunState.Success), [], Ct);
        await Store.CreateDagRunAsync(Run("new", logicalDate: Date.AddDays(2), state: DagRunState.Running), [], Ct);
        await Store.CreateDagRunAsync(Run("mid", logicalDate: Date.AddDays(1), state: DagRunState.Failed), [], Ct);
        await Store.CreateDagRunAsync(Run("elsewhere", dagId: "other", logicalDate: Date.AddDays(3)), [], Ct);

        Assert.Equal(["elsewhere", "new", "mid", "old"], (await Store.ListDagRunsAsync(cancellationToken: Ct)).Select(r => r.RunId));
        Assert.Equal(["new", "mid", "old"], (await Store.ListDagRunsAsync("d", cancellationToken: Ct)).Select(r => r.RunId));
        Assert.Equal(["new", "old"], (await Store.ListDagRunsAsync("d", [DagRunState.Success, DagRunState.Running], Ct)).Select(r => r.RunId));
        Assert.Equal(["elsewhere"], (await Store.ListDagRunsAsync(states: [DagRunState.Queued], cancellationToken: Ct)).Select(r => r.RunId));
        Assert.Empty(await Store.ListDagRunsAsync("d", [], Ct));
    }

    [Fact]
    public async Task GetLatestScheduledRun_IsTheLatestScheduledOrBackfillRunOfTheDag()
    {
        await Store.CreateDagRunAsync(Run("scheduled", logicalDate: Date, type: DagRunType.Scheduled), [], Ct);
        await Store.CreateDagRunAsync(Run("backfill", logicalDate: Date.AddDays(1), type: DagRunType.Backfill), [], Ct);
        await Store.CreateDagRunAsync(Run("manual", logicalDate: Date.AddDays(5), type: DagRunType.Manual), [], Ct);
        await Store.CreateDagRunAsync(Run("other", dagId: "other", logicalDate: Date.AddDays(9), type: DagRunType.Scheduled), [], Ct);

        Assert.Equal("backfill", (await Store.GetLatestScheduledRunAsync("d", Ct))?.RunId);
        Assert.Null(await Store.GetLatestScheduledRunAsync("none", Ct));
    }

    [Fact]
    public async Task FindByLogicalDate_ReturnsTheDagsRunsOfThatDateOnly()
    {
        await Store.CreateDagRunAsync(Run("a", logicalDate: Date), [], Ct);
        await Store.CreateDagRunAsync(Run("b", logicalDate: Date), [], Ct);
        await Store.CreateDagRunAsync(Run("later", logicalDate: Date.AddTicks(10)), [], Ct);
        await Store.CreateDagRunAsync(Run("c", dagId: "other", logicalDate: Date), [], Ct);

        Assert.Equal(["a", "b"], (await Store.FindDagRunsByLogicalDateAsync("d", Date, Ct)).Select(r => r.RunId));
    }

    [Fact]
    public async Task ListBefore_ReturnsOlderRunsOldestFirst_OfOneDagOrAll()
    {
        await Store.CreateDagRunAsync(Run("b", logicalDate: Date.AddDays(1)), [], Ct);
        await Store.CreateDagRunAsync(Run("a", logicalDate: Date), [], Ct);
        await Store.CreateDagRunAsync(Run("c", logicalDate: Date.AddDays(2)), [], Ct);
        await Store.CreateDagRunAsync(Run("x", dagId: "other", logicalDate: Date), [], Ct);

        Assert.Equal(["a", "b"], (await Store.ListDagRunsBeforeAsync(Date.AddDays(2), "d", Ct)).Select(r => r.RunId));
        Assert.Equal(["d/a", "other/x", "d/b"], (await Store.ListDagRunsBeforeAsync(Date.AddDays(2), cancellationToken: Ct))
            .OrderBy(r => r.LogicalDate).ThenBy(r => r.DagId).Select(r => $"{r.DagId}/{r.RunId}"));
    }

    [Fact]
    public async Task Update_WritesStateTimesAndConf_ButNotTheOwner()
    {
        var run = Run("r", Owner("holder"));
        await Store.CreateDagRunAsync(run, [], Ct);
        var updated = run with { State = DagRunState.Success, StartDate = Date.AddSeconds(1), EndDate = Date.AddSeconds(2), Conf = "{}", Owner = null };

        await Store.UpdateDagRunAsync(updated, Ct);

        Assert.Equal(updated with { Owner = run.Owner }, await Store.GetDagRunAsync("d", "r", Ct));
    }

    [Fact]
    public async Task Claim_TwoProcessesAtOnce_ExactlyOneWinsAndBothSeeTheWinner()
    {
        var second = Database.OpenStore();
        for (var round = 0; round < 20; round++)
        {
            var runId = $"r{round}";
            await Store.CreateDagRunAsync(Run(runId), [], Ct);

            var claims = await Task.WhenAll(
                Task.Run(() => Store.ClaimDagRunAsync("d", runId, Owner("a"), cancellationToken: Ct), Ct),
                Task.Run(() => second.ClaimDagRunAsync("d", runId, Owner("b"), cancellationToken: Ct), Ct));

            var winner = claims[0]!.Owner!.Token;
            Assert.Equal(winner, claims[1]!.Owner!.Token);
            Assert.Contains(winner, new[] { "a", "b" });
            Assert.Equal(winner, (await second.GetDagRunAsync("d", runId, Ct))!.Owner!.Token);
        }
    }

    [Fact]
    public async Task Claim_OfARunHeldByAnother_ChangesNothingUnlessThatHolderIsReplaced()
    {
        await Store.CreateDagRunAsync(Run("r", Owner("holder")), [], Ct);

        var refused = await Store.ClaimDagRunAsync("d", "r", Owner("other"), cancellationToken: Ct);
        var wrongReplace = await Store.ClaimDagRunAsync("d", "r", Owner("other"), replacing: "someone-else", cancellationToken: Ct);
        var notDeleted = await Store.DeleteDagRunAsync("d", "r", "other", Ct);
        var replaced = await Store.ClaimDagRunAsync("d", "r", Owner("other"), replacing: "holder", cancellationToken: Ct);

        Assert.Equal("holder", refused!.Owner!.Token);
        Assert.Equal("holder", wrongReplace!.Owner!.Token);
        Assert.False(notDeleted);
        Assert.Equal("other", replaced!.Owner!.Token);
        Assert.False(await Store.ReleaseDagRunAsync("d", "r", "holder", Ct));
        Assert.True(await Store.ReleaseDagRunAsync("d", "r", "other", Ct));
        Assert.Null((await Store.GetDagRunAsync("d", "r", Ct))!.Owner);
        Assert.Null(await Store.ClaimDagRunAsync("d", "missing", Owner("x"), cancellationToken: Ct));
    }

    [Fact]
    public async Task Claim_AgainByTheHolder_KeepsWhenItWasFirstHeld()
    {
        await Store.CreateDagRunAsync(Run("r"), [], Ct);
        await Store.ClaimDagRunAsync("d", "r", Owner("a"), cancellationToken: Ct);

        var again = await Store.ClaimDagRunAsync("d", "r", Owner("a") with { Since = Date.AddHours(1), Pid = 42 }, cancellationToken: Ct);

        Assert.Equal(Owner("a") with { Pid = 42 }, again!.Owner);
    }

    [Fact]
    public async Task Delete_ByTheHolder_RemovesTheRunAndItsTaskInstances()
    {
        await Store.CreateDagRunAsync(Run("r", Owner("holder")), [Instance("r", "a"), Instance("r", "b")], Ct);
        await Store.CreateDagRunAsync(Run("kept", Owner("holder")), [Instance("kept", "a")], Ct);

        Assert.True(await Store.DeleteDagRunAsync("d", "r", "holder", Ct));

        Assert.Null(await Store.GetDagRunAsync("d", "r", Ct));
        Assert.Empty(await Store.ListTaskInstancesAsync("d", "r", Ct));
        Assert.Single(await Store.ListTaskInstancesAsync("d", "kept", Ct));
        Assert.False(await Store.DeleteDagRunAsync("d", "r", "holder", Ct));
    }
}
