using Baton.Runs;

namespace Baton.Tests.Metadata.Contract;

/// <summary>What every metadata database must do with task instances: update, list, expand mapped tasks and reset.</summary>
public abstract class TaskInstanceStoreContract : MetadataContract
{
    [Fact]
    public async Task Update_ThenList_RoundTripsEveryField()
    {
        await Store.CreateDagRunAsync(Run("r"), [Instance("r", "a"), Instance("r", "b")], Ct);
        var updated = Instance("r", "a") with
        {
            State = TaskInstanceState.UpForRetry, TryNumber = 1, MaxTries = 3, StartDate = Date, EndDate = Date.AddSeconds(1.5),
            Hostname = "worker-1", Pid = 4242, NextRetryAt = Date.AddMinutes(5), Error = "boom: 'quoted' \"twice\" 密码",
        };

        await Store.UpdateTaskInstanceAsync(updated, Ct);

        var instances = await Store.ListTaskInstancesAsync("d", "r", Ct);
        Assert.Equal([updated, Instance("r", "b")], instances);
        Assert.Equal(TimeSpan.FromSeconds(1.5), instances[0].Duration);
    }

    [Fact]
    public async Task ListInStates_ReturnsMatchingInstancesAcrossRuns_InKeyOrder()
    {
        await Store.CreateDagRunAsync(Run("r2"), [Instance("r2", "a") with { State = TaskInstanceState.Running }], Ct);
        await Store.CreateDagRunAsync(Run("r1"), [Instance("r1", "b") with { State = TaskInstanceState.Queued }, Instance("r1", "a") with { State = TaskInstanceState.Running }, Instance("r1", "c")], Ct);

        var found = await Store.ListTaskInstancesInStatesAsync([TaskInstanceState.Running, TaskInstanceState.Queued], Ct);

        Assert.Equal(["r1/a", "r1/b", "r2/a"], found.Select(t => $"{t.RunId}/{t.TaskId}"));
        Assert.Empty(await Store.ListTaskInstancesInStatesAsync([], Ct));
    }

    [Fact]
    public async Task ExpandMapped_ReplacesThePlaceholderWithOneInstancePerElement()
    {
        await Store.CreateDagRunAsync(Run("r"), [Instance("r", "map"), Instance("r", "after")], Ct);

        await Store.ExpandMappedTaskAsync("d", "r", "map", 3, maxTries: 4, Ct);

        var instances = await Store.ListTaskInstancesAsync("d", "r", Ct);
        Assert.Equal(["after/-1", "map/0", "map/1", "map/2"], instances.Select(t => $"{t.TaskId}/{t.MapIndex}"));
        Assert.All(instances.Where(t => t.TaskId == "map"), t => Assert.Equal((TaskInstanceState.None, 0, 4), (t.State, t.TryNumber, t.MaxTries)));
    }

    [Fact]
    public async Task ExpandMapped_ToNoElements_LeavesNoInstanceOfTheTask()
    {
        await Store.CreateDagRunAsync(Run("r"), [Instance("r", "map")], Ct);

        await Store.ExpandMappedTaskAsync("d", "r", "map", 0, maxTries: 1, Ct);

        Assert.Empty(await Store.ListTaskInstancesAsync("d", "r", Ct));
    }

    [Fact]
    public async Task Reset_ReplacesEveryInstanceWithOnePlaceholder_CountingOnFromTheHighestTry()
    {
        await Store.CreateDagRunAsync(Run("r"), [Instance("r", "map"), Instance("r", "other")], Ct);
        await Store.ExpandMappedTaskAsync("d", "r", "map", 2, maxTries: 1, Ct);
        await Store.UpdateTaskInstanceAsync(Instance("r", "map", 0) with { State = TaskInstanceState.Failed, TryNumber = 2, MaxTries = 1, Error = "x" }, Ct);
        await Store.UpdateTaskInstanceAsync(Instance("r", "map", 1) with { State = TaskInstanceState.Success, TryNumber = 1, MaxTries = 1 }, Ct);

        await Store.ResetTaskAsync("d", "r", "map", maxTries: 3, Ct);

        var instances = await Store.ListTaskInstancesAsync("d", "r", Ct);
        Assert.Equal([Instance("r", "map") with { TryNumber = 2, MaxTries = 5 }, Instance("r", "other")], instances);
    }
}
