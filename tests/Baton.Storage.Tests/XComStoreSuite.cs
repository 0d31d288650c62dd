using System.Globalization;
using System.IO.Hashing;
using Baton.Dags;
using Baton.Execution;
using Baton.Runs;
using Baton.Tasks;
using Baton.Testing;
using Baton.XComs;
using Baton.XComs.Backends;
using Baton.XComs.Objects;

namespace Baton.Storage.Tests;

/// <summary>
/// The XCom tests every store must pass, run once per store (local, S3, GCS, Azure) against real servers started by the
/// test script. <c>BATON_TEST_STORES=s3</c> narrows the run to one store.
/// </summary>
public sealed class XComStoreSuite
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Stores => StoreTargets.Names;

    private static XComKey Key(string key = "return_value", string task = "task") => new("suite", "run", task, -1, key);

    private static async Task<EngineHost> StartAsync(string store, IEnumerable<IDagDefinition>? dags = null, long threshold = 0, string compression = "none")
    {
        var target = StoreTargets.Get(store);
        var prefix = $"suite-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}";
        var settings = await target.PrepareAsync(prefix, Ct);
        settings["BATON__XCOM__BACKEND"] = "objectstorage";
        settings["BATON__XCOM__THRESHOLD"] = threshold.ToString(CultureInfo.InvariantCulture);
        settings["BATON__XCOM__COMPRESSION"] = compression;
        var host = await EngineHost.StartAsync(dags ?? [new InlineDag("unused", dag => dag.Task("t", () => 1))], settings, configure: target.ConfigureServices);
        await ((ObjectStorageXComBackend)host.XComs.Backend).OpenStoreAsync(Ct);
        return host;
    }

    private static ObjectStorageXComBackend Backend(EngineHost host) => (ObjectStorageXComBackend)host.XComs.Backend;

    private static async Task<List<string>> ObjectsAsync(EngineHost host)
    {
        var backend = Backend(host);
        var keys = new List<string>();
        await foreach (var o in backend.Store.ListAsync(backend.Prefix.Length == 0 ? "" : backend.Prefix + "/", Ct))
        {
            if (!o.Key.EndsWith(XComObjectManifest.Suffix, StringComparison.Ordinal))
            {
                keys.Add(o.Key);
            }
        }

        return keys;
    }

    private static string KeyOf(EngineHost host, string location) => location[(Backend(host).Store.Root.Length + 1)..];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task SmallAndLargeValues_RoundTripExactly(string store)
    {
        await using var host = await StartAsync(store);
        var small = new Dictionary<string, double> { ["pi"] = Math.PI, ["e"] = Math.E };
        var large = TestData.RandomBytes(12 * 1024 * 1024, 1);

        await host.XComs.PushAsync(Key("small"), small, small.GetType(), Ct);
        await host.XComs.PushAsync(Key("large"), large, typeof(byte[]), Ct);

        Assert.Equal(small, await host.XComs.PullAsync<Dictionary<string, double>>(Key("small"), Ct));
        Assert.Equal(large, await host.XComs.PullAsync<byte[]>(Key("large"), Ct));
        Assert.Equal(2, (await ObjectsAsync(host)).Count);
        var row = (await host.XComs.GetAsync(Key("large"), Ct))!;
        Assert.Equal((XComStorage.ObjectStore, 12L * 1024 * 1024), (row.Payload.Storage, row.Payload.Size));
        Assert.StartsWith(Backend(host).Store.Root + "/", row.Payload.Location);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Threshold_KeepsSmallValuesInlineAndSendsLargeOnesToTheStore(string store)
    {
        await using var host = await StartAsync(store, threshold: 1000);

        await host.XComs.PushAsync(Key("below"), new string('a', 997), typeof(string), Ct);   // 999 bytes stored
        await host.XComs.PushAsync(Key("at"), new string('a', 998), typeof(string), Ct);      // 1000 bytes stored

        Assert.Equal(XComStorage.Inline, (await host.XComs.GetAsync(Key("below"), Ct))!.Payload.Storage);
        Assert.Equal(XComStorage.ObjectStore, (await host.XComs.GetAsync(Key("at"), Ct))!.Payload.Storage);
        Assert.Single(await ObjectsAsync(host));
        Assert.Equal(new string('a', 998), await host.XComs.PullAsync<string>(Key("at"), Ct));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task EveryCompression_RoundTrips(string store)
    {
        foreach (var compression in new[] { "none", "gzip", "zstd", "brotli" })
        {
            await using var host = await StartAsync(store, compression: compression);
            var value = Enumerable.Range(0, 20_000).Select(i => i * 0.5).ToArray();

            await host.XComs.PushAsync(Key(), value, typeof(double[]), Ct);

            Assert.Equal(value, await host.XComs.PullAsync<double[]>(Key(), Ct));
            Assert.Equal(compression, (await host.XComs.GetAsync(Key(), Ct))!.Payload.Compression);
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task StreamsFlowThroughTheStoreWithoutBeingHeld(string store)
    {
        var data = TestData.RandomBytes(20 * 1024 * 1024, 2);
        ulong? received = null;
        await using var host = await StartAsync(store, [new InlineDag("streams", dag =>
        {
            var produced = dag.Task("produce", () => (Stream)new MemoryStream(data, writable: false));
            dag.Task("consume", async (Stream input, TaskContext ctx) =>
            {
                var hash = new XxHash64();
                var buffer = new byte[81920];
                int n;
                while ((n = await input.ReadAsync(buffer, ctx.CancellationToken)) > 0)
                {
                    hash.Append(buffer.AsSpan(0, n));
                }

                received = hash.GetCurrentHashAsUInt64();
            }, produced);
        })], threshold: 1024 * 1024, compression: "zstd");

        var result = await host.TestAsync("streams");

        Assert.Equal(DagRunState.Success, result.Run.State);
        Assert.Equal(XxHash64.HashToUInt64(data), received);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ReplaceAndDelete_PurgeTheirObjects(string store)
    {
        await using var host = await StartAsync(store);
        await host.XComs.PushAsync(Key(), "first", typeof(string), Ct);
        await host.XComs.PushAsync(Key(), "second", typeof(string), Ct);
        Assert.Single(await ObjectsAsync(host));

        Assert.Equal(1, await host.XComs.DeleteAsync(new XComFilter { DagId = "suite" }, Ct));

        Assert.Empty(await ObjectsAsync(host));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RetryClearTasksClearAndRunDeletion_LeaveNoObjectBehind(string store)
    {
        await using var host = await StartAsync(store, [new InlineDag(new DagSpec("purge") { RetryDelay = TimeSpan.Zero }, dag =>
        {
            var a = dag.Task("a", async (TaskContext ctx) =>
            {
                await ctx.XCom.PushAsync($"try_{ctx.TryNumber}", new string('x', 100), ctx.CancellationToken);
                return ctx.TryNumber == 1 ? throw new IOException("first try fails") : ctx.TryNumber;
            }).WithRetries(1);
            dag.Task("b", (int x) => x * 2, a);
        })]);
        var dag = host.Dags.Get("purge");

        var first = await host.Runs.TestAsync(dag, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), cancellationToken: Ct);
        Assert.Equal(DagRunState.Success, first.Run.State);
        Assert.Equal(3, (await ObjectsAsync(host)).Count);   // try_2, a's return value, b's return value: try_1's object was purged

        var cleared = await host.Runs.ClearAsync(dag, new ClearRequest { TaskIdPattern = new System.Text.RegularExpressions.Regex("^b$") }, Ct);
        Assert.Equal(1, cleared.XComs);
        Assert.Equal(2, (await ObjectsAsync(host)).Count);

        await host.Runs.DeleteRunAsync("purge", first.Run.RunId, Ct);
        Assert.Empty(await ObjectsAsync(host));

        await host.Runs.TestAsync(dag, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), cancellationToken: Ct);
        Assert.NotEmpty(await ObjectsAsync(host));
        await host.Runs.DeleteRunsBeforeAsync(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), cancellationToken: Ct);
        Assert.Empty(await ObjectsAsync(host));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task OrphanSweep_KeepsYoungOrphansAndDeletesOldOnes(string store)
    {
        await using var host = await StartAsync(store);
        await host.XComs.PushAsync(Key("kept"), "referenced", typeof(string), Ct);
        var orphan = await Backend(host).SerializeValueAsync(Key("lost"), "crashed before its row", typeof(string), Ct);

        var young = await host.XComs.SweepOrphansAsync(TimeSpan.FromHours(1), dryRun: false, Ct);
        Assert.Equal((2, 1, 0), (young!.Scanned, young.Referenced, young.Deleted.Count));

        var old = await host.XComs.SweepOrphansAsync(TimeSpan.FromSeconds(-5), dryRun: false, Ct);
        Assert.Equal([orphan.Location!], old!.Deleted);
        Assert.Single(await ObjectsAsync(host));
        Assert.Equal("referenced", await host.XComs.PullAsync<string>(Key("kept"), Ct));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ConcurrentPushes_EachKeyEndsWithOneReadableObject(string store)
    {
        await using var host = await StartAsync(store);

        await Parallel.ForEachAsync(Enumerable.Range(0, 24), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (i, ct) =>
            await host.XComs.PushAsync(Key($"k{i % 6}", task: "concurrent"), new string((char)('a' + (i % 6)), 2000 + i), typeof(string), ct));

        for (var k = 0; k < 6; k++)
        {
            var value = await host.XComs.PullAsync<string>(Key($"k{k}", task: "concurrent"), Ct);
            Assert.All(value, c => Assert.Equal((char)('a' + k), c));
        }

        Assert.Equal(6, (await ObjectsAsync(host)).Count);
    }
}
