using Baton.Metadata;

namespace Baton.Tests.Metadata.Contract;

/// <summary>What every metadata database must do when the schema is migrated: apply each version once, also from two processes at once.</summary>
public abstract class MigrationContract : MetadataContract
{
    [Fact]
    public async Task Migrate_ANewDatabase_AppliesEveryVersionInOrder_ThenNothing()
    {
        await using var fresh = await Factory.CreateDatabaseAsync(Ct);
        var store = fresh.OpenStore();

        var applied = await store.MigrateAsync(Ct);

        Assert.Equal(Versions, applied);
        Assert.Equal(Enumerable.Range(1, applied.Count), applied);
        Assert.Empty(await store.MigrateAsync(Ct));
        Assert.Empty(await fresh.OpenStore().MigrateAsync(Ct));
    }

    [Fact]
    public async Task Migrate_AMigratedDatabase_KeepsItsRows()
    {
        await Store.UpsertDagAsync(new DagRecord { DagId = "kept", LastSeenAt = Date }, Ct);

        Assert.Empty(await Database.OpenStore().MigrateAsync(Ct));

        Assert.NotNull(await Store.GetDagAsync("kept", Ct));
    }

    [Fact]
    public async Task Migrate_TwoProcessesAtOnceOnANewDatabase_BothSucceedAndApplyEachVersionOnce()
    {
        for (var round = 0; round < 10; round++)
        {
            await using var fresh = await Factory.CreateDatabaseAsync(Ct);
            var first = fresh.OpenStore();
            var second = fresh.OpenStore();

            var applied = await Task.WhenAll(Task.Run(() => first.MigrateAsync(Ct), Ct), Task.Run(() => second.MigrateAsync(Ct), Ct));

            var versions = applied.SelectMany(v => v).Order().ToList();
            Assert.Equal(Versions, versions);
            Assert.Empty(await first.MigrateAsync(Ct));
            await first.UpsertDagAsync(new DagRecord { DagId = "works", LastSeenAt = Date }, Ct);
        }
    }
}
