using System.Diagnostics;
using Baton.Storage.Tests.Gcs;
using Baton.Storage.Tests.Network;
using Baton.Testing;
using Baton.XComs;
using Baton.XComs.Objects;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Storage.Tests;

/// <summary>
/// What every object store must do, run once per store (local, S3, GCS, Azure) against the real servers the test script
/// starts: replacing and empty objects, concurrent writers, unsafe and very long ids, a killed upload and the sweep after
/// it, foreign objects left alone, missing or corrupt objects reported with their location, and failures of each kind
/// (a missing bucket, a key past the store's limit, a closed port, a server that accepts and never answers) reported with
/// their <see cref="ObjectStoreFailureKind"/>; a slow but steady link is not cut by the request timeout.
/// <c>BATON_TEST_STORES=azure</c> narrows the run to one store.
/// </summary>
public sealed class ObjectStoreContractSuite
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Stores => StoreTargets.Names;

    private static readonly Dictionary<string, string> NoMetadata = [];

    private static async Task<byte[]> ReadAsync(IObjectStore store, string key) => await ObjectStoreContents.ReadAllAsync(store, key, Ct);

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Put_OfAKeyThatExists_ReplacesItWholeWithItsMetadata(string store)
    {
        await using var host = await SuiteHost.StartAsync(store);
        var key = host.Prefix + "replaced.bin";
        var second = TestData.RandomBytes(3 * 1024 * 1024 + 17, 21);

        await host.Store.PutAsync(key, new MemoryStream(TestData.RandomBytes(1000, 20)), new Dictionary<string, string> { ["baton-version"] = "1" }, Ct);
        await host.Store.PutAsync(key, new NonSeekableStream(second), new Dictionary<string, string> { ["baton-version"] = "2" }, Ct);

        Assert.Equal(second, await ReadAsync(host.Store, key));
        var info = await host.Store.StatAsync(key, Ct);
        Assert.Equal((second.LongLength, "2"), (info!.Size, info.Metadata["baton-version"]));
        Assert.Equal([key], await host.ObjectsAsync());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Put_OfAnEmptyStream_WritesAnEmptyObject(string store)
    {
        await using var host = await SuiteHost.StartAsync(store);
        var key = host.Prefix + "empty";

        await host.Store.PutAsync(key, new NonSeekableStream([]), NoMetadata, Ct);

        Assert.Empty(await ReadAsync(host.Store, key));
        Assert.Equal(0, (await host.Store.StatAsync(key, Ct))!.Size);
        Assert.Equal([key], await host.ObjectsAsync());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ConcurrentWriters_OfTheSameKey_LeaveOneWriterWholeNeverAMix(string store)
    {
        // Measured: after concurrent PutObjects of one key, s3rver serves a body that fails the SDK's check against the
        // object's stored MD5 (it writes the two apart, not atomically). Real S3 replaces an object atomically.
        Assert.SkipWhen(store == "s3", "s3rver does not replace an object atomically under concurrent writers; needs the real S3");
        await using var host = await SuiteHost.StartAsync(store);
        var key = host.Prefix + "contended.bin";
        // One request per writer on every store (below S3's part and Azure's single-put size): with several blocks, Azure
        // lets one commit win and fails the others (InvalidBlockList), and s3rver interleaves concurrent multipart
        // completions, which real S3 does not. XCom names are unique, so Baton itself never writes one key twice at once.
        var values = Enumerable.Range(0, 6).Select(i => TestData.RandomBytes(2 * 1024 * 1024 + i, 100 + i)).ToList();

        var writes = values.Select(v => Task.Run(() => host.Store.PutAsync(key, new NonSeekableStream(v), NoMetadata, Ct), Ct)).ToList();
        await ((Task)Task.WhenAll(writes)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);

        Assert.All(writes.Where(w => w.IsFaulted), w => Assert.IsAssignableFrom<ObjectStoreException>(w.Exception!.InnerException));
        var stored = await ReadAsync(host.Store, key);
        var winner = Assert.Single(values, v => v.AsSpan().SequenceEqual(stored));
        Assert.True(writes[values.IndexOf(winner)].IsCompletedSuccessfully, "the stored value is one whose write failed");
    }

    private static readonly (string DagId, string RunId, string Key)[] HostileIds =
    [
        ("../../etc", "a/../b", "../escape"),
        ("percent%2Fslash", "run%2F..%2F", "%2E%2E%2F"),
        ("ünïcødé", "ключ:+00:00", "键 值"),
        ("with spaces", "run with spaces", "key with spaces"),
        ("~tilde~7E", "~~", "~"),
        ("dag", "run", new string('k', 1000)),
        ("dag", new string(':', 100), "return_value"),
        ("dag", "run", string.Concat(Enumerable.Repeat("ключ/", 200))),
    ];

    public static TheoryData<string, string, string, string> StoresAndHostileIds
    {
        get
        {
            var data = new TheoryData<string, string, string, string>();
            foreach (var store in StoreTargets.Selected)
            {
                foreach (var ids in HostileIds)
                {
                    data.Add(store.Name, ids.DagId, ids.RunId, ids.Key);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(StoresAndHostileIds))]
    public async Task UnsafeAndVeryLongIds_RoundTripExactBytesAndShowTheirRealIds(string store, string dagId, string runId, string xcomKey)
    {
        await using var host = await SuiteHost.StartAsync(store);
        var key = new XComKey(dagId, runId, "task/../x", 0, xcomKey);
        var value = TestData.RandomBytes(5000, xcomKey.Length);

        await host.Engine.XComs.PushAsync(key, value, typeof(byte[]), Ct);

        Assert.Equal(value, await host.Engine.XComs.PullAsync<byte[]>(key, Ct));
        var row = Assert.Single(await host.Engine.XComs.ListAsync(new XComFilter(), Ct));
        Assert.Equal(key, row.Key);
        var manifest = await host.Engine.Services.GetRequiredService<XComObjectInspector>().ReadManifestAsync(row.Payload.Location!, Ct);
        Assert.Equal(key, manifest.ToKey());
        var objectKey = Assert.Single(await host.ObjectsAsync());
        Assert.StartsWith(host.Prefix, objectKey);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(objectKey) <= 1024, objectKey);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task KilledUpload_ThenSweep_RemovesWhatTheUploadLeft(string store)
    {
        await using var host = await SuiteHost.StartAsync(store);
        using (var child = StartUploader(host))
        {
            // A generous bound, only so that a broken uploader fails the test instead of hanging it.
            var line = child.StandardOutput.ReadLineAsync(Ct).AsTask();
            var said = await Task.WhenAny(line, Task.Delay(TimeSpan.FromMinutes(2), Ct)) == line ? await line : "(nothing within 2 minutes)";
            if (said != "uploading")
            {
                child.Kill(entireProcessTree: true);
                Assert.Fail($"the uploader said '{said}': {await child.StandardError.ReadToEndAsync(Ct)}");
            }

            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync(Ct);
        }

        var before = await IncompleteUploadsAsync(host);
        if (host.Store is LocalObjectStore local)
        {
            Assert.Contains(Directory.EnumerateFiles(local.RootDirectory, "*", SearchOption.AllDirectories), f => f.Contains(".tmp-", StringComparison.Ordinal));
        }

        var report = await host.Engine.XComs.SweepOrphansAsync(TimeSpan.Zero, dryRun: false, Ct);

        Assert.Empty(await host.ObjectsAsync());
        Assert.Empty(report!.Foreign);
        if (before is null)
        {
            // The store cannot list what a killed upload leaves (GCS resumable sessions, s3rver's multipart uploads): the sweep says so.
            Assert.Contains(report.Notes, n => n.Contains("incomplete", StringComparison.OrdinalIgnoreCase));
            return;
        }

        Assert.NotEmpty(before);
        Assert.Equal(before.Count, report.IncompleteUploadsAborted.Count);
        Assert.Empty((await IncompleteUploadsAsync(host))!);
        if (host.Store is LocalObjectStore emptied)
        {
            Assert.DoesNotContain(Directory.EnumerateFiles(emptied.RootDirectory, "*", SearchOption.AllDirectories), f => f.Contains(".tmp-", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Sweep_LeavesEveryObjectThisInstallationDidNotWriteInPlace(string store)
    {
        await using var host = await SuiteHost.StartAsync(store);
        await using var other = await SuiteHost.StartAsync(store, sameStoreAs: host.Settings);
        var user = host.Prefix + "notes.txt";
        var lookalike = host.Prefix + "dag/run/task/-1/return_value/20240101T000000Z-0123456789abcdef0123456789abcdef.json";
        var forged = host.Prefix + "dag/run/task/-1/return_value/20240101T000000Z-0123456789abcdef-0123456789abcdef01234567.json";
        foreach (var key in new[] { user, lookalike, forged, lookalike + XComObjectManifest.Suffix })
        {
            await host.Store.PutAsync(key, new MemoryStream("not Baton's"u8.ToArray()), NoMetadata, Ct);
        }

        await other.Engine.XComs.PushAsync(new XComKey("dag", "run", "task"), "the other installation's live value", typeof(string), Ct);
        var othersOrphan = await other.Backend.SerializeValueAsync(new XComKey("dag", "run", "task", -1, "lost"), "the other installation's orphan", typeof(string), Ct);
        var ours = await host.Backend.SerializeValueAsync(new XComKey("dag", "run", "task", -1, "lost"), "our orphan", typeof(string), Ct);

        var report = await host.Engine.XComs.SweepOrphansAsync(TimeSpan.FromMinutes(-10), dryRun: false, Ct);

        Assert.Equal([ours.Location!], report!.Deleted);
        foreach (var key in new[] { user, lookalike, forged, host.KeyOf(othersOrphan.Location!) })
        {
            Assert.NotNull(await host.Store.StatAsync(key, Ct));
            Assert.Contains(host.Store.Root + "/" + key, report.Foreign);
        }

        Assert.NotNull(await host.Store.StatAsync(lookalike + XComObjectManifest.Suffix, Ct));

        Assert.Equal("the other installation's live value", await other.Engine.XComs.PullAsync<string>(new XComKey("dag", "run", "task"), Ct));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Purge_ThroughARowPointingAtAnObjectThisInstallationDidNotWrite_LeavesIt(string store)
    {
        await using var host = await SuiteHost.StartAsync(store);
        var foreign = host.Prefix + "user/report.pdf";
        await host.Store.PutAsync(foreign, new MemoryStream("the user's"u8.ToArray()), NoMetadata, Ct);
        var key = new XComKey("dag", "run", "task");
        await host.Engine.XComs.PushAsync(key, "ours", typeof(string), Ct);
        var row = (await host.Engine.XComs.GetAsync(key, Ct))!;
        await host.Engine.Store.SetXComAsync(row with { Payload = row.Payload with { Location = host.Store.Root + "/" + foreign } }, Ct);

        Assert.Equal(1, await host.Engine.XComs.DeleteAsync(new XComFilter { DagId = "dag" }, Ct));

        Assert.Equal("the user's"u8.ToArray(), await ReadAsync(host.Store, foreign));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Read_OfAMissingObject_FailsWithNotFoundNamingTheLocation(string store)
    {
        await using var host = await SuiteHost.StartAsync(store);
        var missing = host.Prefix + "never/written.bin";
        var key = new XComKey("suite", "run", "task");
        await host.Engine.XComs.PushAsync(key, "value", typeof(string), Ct);
        var location = (await host.Engine.XComs.GetAsync(key, Ct))!.Payload.Location!;
        await host.Store.DeleteAsync(host.KeyOf(location), Ct);

        var storeError = await Assert.ThrowsAsync<ObjectNotFoundException>(() => host.Store.OpenReadAsync(missing, Ct));
        var xcomError = await Assert.ThrowsAsync<XComObjectNotFoundException>(() => host.Engine.XComs.PullAsync<string>(key, Ct));

        Assert.Equal(host.Store.Root + "/" + missing, storeError.Location);
        Assert.Equal(ObjectStoreFailureKind.NotFound, storeError.Kind);
        Assert.False(storeError.IsRetryable);
        Assert.False(xcomError.IsRetryable);
        Assert.Contains(missing, storeError.Message);
        Assert.Contains(location, xcomError.Message);
        Assert.Contains("task 'task', key 'return_value'", xcomError.Message);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Read_OfACorruptObject_FailsWithChecksumMismatchNamingTheLocation(string store)
    {
        await using var host = await SuiteHost.StartAsync(store, compression: "gzip");
        var key = new XComKey("suite", "run", "task");
        await host.Engine.XComs.PushAsync(key, Enumerable.Range(0, 5000).ToArray(), typeof(int[]), Ct);
        var location = (await host.Engine.XComs.GetAsync(key, Ct))!.Payload.Location!;
        var objectKey = host.KeyOf(location);
        var bytes = await ReadAsync(host.Store, objectKey);
        bytes[bytes.Length / 3] ^= 0x40;
        await host.Store.PutAsync(objectKey, new MemoryStream(bytes), NoMetadata, Ct);

        var error = await Assert.ThrowsAsync<XComChecksumMismatchException>(() => host.Engine.XComs.PullAsync<int[]>(key, Ct));

        Assert.Contains(location, error.Message);
        Assert.Contains("task 'task', key 'return_value'", error.Message);
    }

    [Theory(Timeout = 180_000)]
    [MemberData(nameof(Stores))]
    public async Task Requests_ToAStoreThatAcceptsButNeverAnswers_FailAsTimeoutsNamingStoreOperationAndKey(string store)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var silent = new SilentServer();
        var settings = StoreTargets.Get(store).SettingsAt(silent.Endpoint, NewPrefix("silent"));
        Assert.SkipWhen(settings is null, $"the {store} store sends no requests");
        settings["BATON__XCOM__REQUEST_TIMEOUT"] = "00:00:01";
        await using var host = await SuiteHost.StartAsync(store, sameStoreAs: settings);
        var key = host.Prefix + "never/answered.bin";
        var calls = new (string Operation, Func<Task> Call)[]
        {
            ($"Writing object '{key}'", () => host.Store.PutAsync(key, new MemoryStream(TestData.RandomBytes(1000, 1)), NoMetadata, ct)),
            ($"Reading object '{key}'", () => ReadAsync(host.Store, key)),
            ($"Reading the properties of object '{key}'", () => host.Store.StatAsync(key, ct)),
            ($"Deleting object '{key}'", () => host.Store.DeleteAsync(key, ct)),
            ($"Listing objects under '{host.Prefix}'", async () => await host.Store.ListAsync(host.Prefix, ct).ToListAsync(ct)),
        };

        foreach (var (operation, call) in calls)
        {
            var error = await Assert.ThrowsAnyAsync<ObjectStoreException>(call);
            Assert.True(error.Kind == ObjectStoreFailureKind.Timeout, error.ToString());
            Assert.StartsWith($"{operation} in {host.Store.Root} failed: ", error.Message);
            Assert.Contains("moved no bytes for 1 s", error.Message);
            Assert.True(error.IsRetryable);
        }

        var push = await Assert.ThrowsAnyAsync<ObjectStoreException>(() => host.Engine.XComs.PushAsync(new XComKey("suite", "run", "task"), "value", typeof(string), ct));
        Assert.Equal(ObjectStoreFailureKind.Timeout, push.Kind);
        Assert.True(silent.Connections > 0);
    }

    [Theory(Timeout = 180_000)]
    [MemberData(nameof(Stores))]
    public async Task Read_OverASlowButSteadyLink_IsNotCutByTheRequestTimeout(string store)
    {
        var ct = TestContext.Current.CancellationToken;
        var target = StoreTargets.Get(store);
        Assert.SkipWhen(target.Endpoint is null, $"the {store} store sends no requests");
        await using var host = await SuiteHost.StartAsync(store);
        var key = host.Prefix + "slow/value.bin";
        var value = TestData.RandomBytes(1024 * 1024, 41);
        await host.Store.PutAsync(key, new MemoryStream(value), NoMetadata, ct);
        // 64 KiB then 100 ms: the 1 MiB body takes over 1.5 s, more than the request timeout, and no pause comes near it.
        await using var proxy = new PacingProxy(target.Endpoint, 64 * 1024, TimeSpan.FromMilliseconds(100));
        var settings = target.SettingsAt(proxy.Endpoint, host.Backend.Prefix)!;
        settings["BATON__XCOM__REQUEST_TIMEOUT"] = "00:00:01";
        await using var slow = await SuiteHost.StartAsync(store, sameStoreAs: settings);

        Assert.Equal(value, await ObjectStoreContents.ReadAllAsync(slow.Store, key, ct));
        Assert.True(proxy.Downstream >= value.Length, $"{proxy.Downstream} bytes came through the proxy");
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Write_ToABucketThatDoesNotExist_FailsAsBucketMissingNamingIt_AndIsNotRetried(string store)
    {
        await using var missing = await StoreTargets.Get(store).MissingContainerAsync(NewPrefix("missing"), Ct);
        Assert.SkipWhen(missing is null, $"the {store} store has no bucket or container (it creates its directories)");
        await using var host = await SuiteHost.StartAsync(store, sameStoreAs: missing.Settings);
        var key = new XComKey("suite", "run", "task");

        var error = await Assert.ThrowsAnyAsync<ObjectStoreException>(() => host.Engine.XComs.PushAsync(key, "value", typeof(string), Ct));

        Assert.True(error.Kind == ObjectStoreFailureKind.BucketMissing, error.ToString());
        Assert.False(error.IsRetryable);
        Assert.Contains($"'{missing.Container}' does not exist", error.Reason);
        Assert.StartsWith($"Writing object '{host.Prefix}suite/run/task/", error.Message);
        Assert.Null(await host.Engine.XComs.GetAsync(key, Ct));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Requests_ToAClosedPort_FailAsUnavailable_AndAreRetryable(string store)
    {
        var settings = StoreTargets.Get(store).SettingsAt(new Uri($"http://127.0.0.1:{FakeGcsServer.FreePort()}"), NewPrefix("closed"));
        Assert.SkipWhen(settings is null, $"the {store} store sends no requests");
        await using var host = await SuiteHost.StartAsync(store, sameStoreAs: settings);
        var key = host.Prefix + "unreachable.bin";

        var write = await Assert.ThrowsAnyAsync<ObjectStoreException>(() => host.Store.PutAsync(key, new MemoryStream([1, 2, 3]), NoMetadata, Ct));
        var stat = await Assert.ThrowsAnyAsync<ObjectStoreException>(() => host.Store.StatAsync(key, Ct));

        Assert.All(new[] { write, stat }, e => Assert.True(e.Kind == ObjectStoreFailureKind.Unavailable && e.IsRetryable, e.ToString()));
        Assert.StartsWith($"Writing object '{key}' in {host.Store.Root} failed: ", write.Message);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Put_OfAKeyPastTheStoresLimit_IsRefusedAsAnInvalidRequest_AndNotRetried(string store)
    {
        await using var host = await SuiteHost.StartAsync(store);
        var key = host.Prefix + new string('k', 2000);

        var error = await Assert.ThrowsAnyAsync<ObjectStoreException>(() => host.Store.PutAsync(key, new MemoryStream([1]), NoMetadata, Ct));

        Assert.True(error.Kind == ObjectStoreFailureKind.InvalidRequest, error.ToString());
        Assert.False(error.IsRetryable);
        Assert.StartsWith("Refusing ", error.Message);
        Assert.Empty(await host.ObjectsAsync());
    }

    private static string NewPrefix(string test) => $"suite-{test}-{Guid.NewGuid():N}";

    /// <summary>Starts the uploader with this host's installation (BATON_HOME) and store: it pushes a value that stalls mid-upload.</summary>
    private static Process StartUploader(SuiteHost host)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Baton.Storage.Uploader.exe" : "Baton.Storage.Uploader"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = host.Engine.Home,
        };
        foreach (var (name, value) in host.Settings)
        {
            start.Environment[name] = value;
        }

        start.Environment["BATON_HOME"] = host.Engine.Home;
        // 24 MiB: several S3 parts and Azure blocks, below the GCS emulator's one-chunk limit.
        start.Environment["BATON_TEST_STALL_AFTER"] = (24 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Process.Start(start) ?? throw new InvalidOperationException("the uploader did not start");
    }

    /// <summary>The store's incomplete uploads under the prefix, or null when the store cannot list them.</summary>
    private static async Task<List<IncompleteUpload>?> IncompleteUploadsAsync(SuiteHost host)
    {
        if (host.Store is not IIncompleteUploadStore uploads)
        {
            return null;
        }

        var found = new List<IncompleteUpload>();
        try
        {
            await foreach (var upload in uploads.ListIncompleteUploadsAsync(host.Prefix, Ct))
            {
                found.Add(upload);
            }
        }
        catch (ObjectStoreException)
        {
            return null;
        }

        return found;
    }
}
