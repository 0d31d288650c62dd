using Baton.Metadata;
using Baton.Metadata.Sqlite;
using Baton.Runs;
using Microsoft.Data.Sqlite;

namespace Baton.Tests.Metadata;

public sealed class SqliteRunClaimTests : IDisposable
{
    private static readonly DateTimeOffset Date = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _home = Directory.CreateTempSubdirectory("baton-claim-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_home, recursive: true);
    }

    /// <summary>A store with its own connection factory (and write gate), as another process has.</summary>
    private SqliteMetadataStore Store() => new(new SqliteConnectionFactory($"Data Source={Path.Combine(_home, "baton.db")}"), TimeProvider.System);

    private static DagRunRecord Run(string runId, DagRunOwner? owner = null) => new()
    {
        DagId = "d", RunId = runId, LogicalDate = Date, DataIntervalStart = Date, DataIntervalEnd = Date, State = DagRunState.Running, QueuedAt = Date, Owner = owner,
    };

    private static DagRunOwner Owner(string token) => new(token, Environment.ProcessId, Environment.MachineName, Date);

    [Fact]
    public async Task Claim_TwoProcessesAtOnce_ExactlyOneWinsAndBothSeeTheWinner()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = Store();
        var second = Store();
        await first.MigrateAsync(ct);
        for (var round = 0; round < 20; round++)
        {
            var runId = $"r{round}";
            await first.CreateDagRunAsync(Run(runId), [], ct);

            var claims = await Task.WhenAll(
                Task.Run(() => first.ClaimDagRunAsync("d", runId, Owner("a"), cancellationToken: ct), ct),
                Task.Run(() => second.ClaimDagRunAsync("d", runId, Owner("b"), cancellationToken: ct), ct));

            var winner = claims[0]!.Owner!.Token;
            Assert.Equal(winner, claims[1]!.Owner!.Token);
            Assert.Contains(winner, new[] { "a", "b" });
        }
    }

    [Fact]
    public async Task Claim_OfARunHeldByAnother_ChangesNothingUnlessThatHolderIsReplaced()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Store();
        await store.MigrateAsync(ct);
        await store.CreateDagRunAsync(Run("r", Owner("holder")), [], ct);

        var refused = await store.ClaimDagRunAsync("d", "r", Owner("other"), cancellationToken: ct);
        var wrongReplace = await store.ClaimDagRunAsync("d", "r", Owner("other"), replacing: "someone-else", cancellationToken: ct);
        var notDeleted = await store.DeleteDagRunAsync("d", "r", "other", ct);
        var replaced = await store.ClaimDagRunAsync("d", "r", Owner("other"), replacing: "holder", cancellationToken: ct);

        Assert.Equal("holder", refused!.Owner!.Token);
        Assert.Equal("holder", wrongReplace!.Owner!.Token);
        Assert.False(notDeleted);
        Assert.Equal("other", replaced!.Owner!.Token);
        Assert.False(await store.ReleaseDagRunAsync("d", "r", "holder", ct));
        Assert.True(await store.ReleaseDagRunAsync("d", "r", "other", ct));
        Assert.Null((await store.GetDagRunAsync("d", "r", ct))!.Owner);
        Assert.Null(await store.ClaimDagRunAsync("d", "missing", Owner("x"), cancellationToken: ct));
    }
}
