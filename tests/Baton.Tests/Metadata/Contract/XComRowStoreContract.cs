using Baton.XComs;

namespace Baton.Tests.Metadata.Contract;

/// <summary>What every metadata database must do with XCom rows: set (returning what it replaced), get, list and delete by filter.</summary>
public abstract class XComRowStoreContract : MetadataContract
{
    private static XComRecord Row(string runId, string taskId, string key = XComKey.ReturnValueKey, int mapIndex = -1, DateTimeOffset? createdAt = null, byte[]? value = null) => new()
    {
        Key = new XComKey("d", runId, taskId, mapIndex, key),
        Payload = new XComPayload { Storage = XComStorage.Inline, Value = value ?? [1, 2, 3, 0, 255], Format = "json", Size = (value ?? [1, 2, 3, 0, 255]).Length, Checksum = "xxh3:00ff" },
        CreatedAt = createdAt ?? Date,
    };

    private static XComRecord ObjectRow(string runId, string taskId) => new()
    {
        Key = new XComKey("d", runId, taskId),
        Payload = new XComPayload
        {
            Storage = XComStorage.ObjectStore, Location = $"s3://bucket/prefix/{runId}/{taskId}.json.zst", Format = "parquet", Compression = "zstd",
            Size = 5_000_000_000, Checksum = "xxh3:abc",
        },
        CreatedAt = Date,
    };

    private static void AssertRow(XComRecord expected, XComRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Payload = expected.Payload with { Value = null } }, actual with { Payload = actual.Payload with { Value = null } });
        Assert.Equal(expected.Payload.Value, actual.Payload.Value);
    }

    [Fact]
    public async Task Set_ANewRow_ReturnsNullAndGetReadsItBack()
    {
        var inline = Row("r", "a");
        var stored = ObjectRow("r", "b");

        Assert.Null(await Store.SetXComAsync(inline, Ct));
        Assert.Null(await Store.SetXComAsync(stored, Ct));

        AssertRow(inline, await Store.GetXComAsync(inline.Key, Ct));
        AssertRow(stored, await Store.GetXComAsync(stored.Key, Ct));
        Assert.Null(await Store.GetXComAsync(inline.Key with { Key = "other" }, Ct));
    }

    [Fact]
    public async Task Set_AnExistingRow_ReplacesItAndReturnsTheRowItReplaced()
    {
        var first = ObjectRow("r", "a");
        var second = Row("r", "a", value: [9], createdAt: Date.AddSeconds(1));
        await Store.SetXComAsync(first, Ct);

        var replaced = await Store.SetXComAsync(second, Ct);

        AssertRow(first, replaced);
        AssertRow(second, await Store.GetXComAsync(second.Key, Ct));
        Assert.Single(await Store.ListXComsAsync(new XComFilter(), Ct));
    }

    [Fact]
    public async Task Set_OfAnEmptyValue_KeepsItEmptyNotNull()
    {
        var empty = Row("r", "a", value: []);

        await Store.SetXComAsync(empty, Ct);

        var stored = (await Store.GetXComAsync(empty.Key, Ct))!.Payload.Value;
        Assert.NotNull(stored);
        Assert.Empty(stored);
    }

    [Fact]
    public async Task List_MatchesEveryFieldTheFilterSets_InKeyOrder()
    {
        await Store.SetXComAsync(Row("r2", "a"), Ct);
        await Store.SetXComAsync(Row("r1", "b", mapIndex: 1), Ct);
        await Store.SetXComAsync(Row("r1", "b", mapIndex: 0), Ct);
        await Store.SetXComAsync(Row("r1", "a", key: "extra", createdAt: Date.AddDays(-1)), Ct);
        await Store.SetXComAsync(Row("r1", "a"), Ct);

        async Task<IEnumerable<string>> Keys(XComFilter filter) =>
            (await Store.ListXComsAsync(filter, Ct)).Select(x => $"{x.Key.RunId}/{x.Key.TaskId}/{x.Key.MapIndex}/{x.Key.Key}");

        Assert.Equal(["r1/a/-1/extra", "r1/a/-1/return_value", "r1/b/0/return_value", "r1/b/1/return_value", "r2/a/-1/return_value"], await Keys(new XComFilter()));
        Assert.Equal(["r1/b/0/return_value", "r1/b/1/return_value"], await Keys(new XComFilter { DagId = "d", RunId = "r1", TaskId = "b" }));
        Assert.Equal(["r1/b/1/return_value"], await Keys(new XComFilter { MapIndex = 1 }));
        Assert.Equal(["r1/a/-1/extra"], await Keys(new XComFilter { Key = "extra" }));
        Assert.Equal(["r1/a/-1/extra"], await Keys(new XComFilter { CreatedBefore = Date }));
        Assert.Empty(await Keys(new XComFilter { DagId = "other" }));
    }

    [Fact]
    public async Task Delete_RemovesTheMatchingRowsAndReturnsThem()
    {
        var gone = ObjectRow("r1", "a");
        await Store.SetXComAsync(gone, Ct);
        await Store.SetXComAsync(Row("r1", "b"), Ct);
        await Store.SetXComAsync(Row("r2", "a"), Ct);

        var deleted = await Store.DeleteXComsAsync(new XComFilter { RunId = "r1", TaskId = "a" }, Ct);

        AssertRow(gone, Assert.Single(deleted));
        Assert.Equal(["r1/b", "r2/a"], (await Store.ListXComsAsync(new XComFilter(), Ct)).Select(x => $"{x.Key.RunId}/{x.Key.TaskId}"));
        Assert.Empty(await Store.DeleteXComsAsync(new XComFilter { RunId = "r1", TaskId = "a" }, Ct));
    }
}
