using Baton.Metadata;

namespace Baton.Tests.Metadata.Contract;

/// <summary>What every metadata database must do with DAG rows.</summary>
public abstract class DagStoreContract : MetadataContract
{
    private static DagRecord Dag(string dagId, bool paused = true, params string[] tags) => new()
    {
        DagId = dagId, IsPaused = paused, Description = $"about {dagId}", Schedule = "@daily", Tags = tags, LastSeenAt = Date,
    };

    [Fact]
    public async Task Upsert_ThenGet_RoundTripsEveryField()
    {
        var dag = Dag("etl", paused: false, "team:data", "nightly");

        await Store.UpsertDagAsync(dag, Ct);

        var stored = await Store.GetDagAsync("etl", Ct);
        Assert.Equivalent(dag, stored, strict: true);
        Assert.Equal(Date, stored!.LastSeenAt);
    }

    [Fact]
    public async Task Upsert_OfAKnownDag_UpdatesWhatWasSeenButKeepsItsPausedState()
    {
        await Store.UpsertDagAsync(Dag("etl", paused: true), Ct);
        Assert.True(await Store.SetDagPausedAsync("etl", false, Ct));

        await Store.UpsertDagAsync(Dag("etl", paused: true) with { Schedule = "@hourly", Tags = [], LastSeenAt = Date.AddHours(1) }, Ct);

        var stored = (await Store.GetDagAsync("etl", Ct))!;
        Assert.Equal((false, "@hourly", 0, Date.AddHours(1)), (stored.IsPaused, stored.Schedule, stored.Tags.Count, stored.LastSeenAt));
    }

    [Fact]
    public async Task List_ReturnsEveryDagOrderedById()
    {
        foreach (var id in new[] { "zeta", "alpha", "mid" })
        {
            await Store.UpsertDagAsync(Dag(id), Ct);
        }

        Assert.Equal(["alpha", "mid", "zeta"], (await Store.ListDagsAsync(Ct)).Select(d => d.DagId));
    }

    [Fact]
    public async Task GetAndSetPaused_OfAnUnknownDag_ReturnNullAndFalse()
    {
        Assert.Null(await Store.GetDagAsync("nope", Ct));
        Assert.False(await Store.SetDagPausedAsync("nope", true, Ct));
        Assert.Empty(await Store.ListDagsAsync(Ct));
    }
}
