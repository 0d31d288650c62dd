using System.IO.Hashing;
using Baton.Dags;
using Baton.Runs;
using Baton.Tasks;
using Baton.Testing;
using Baton.XComs;
using Baton.XComs.Backends;
using Baton.XComs.Objects;

namespace Baton.Tests.XComs;

public sealed class ObjectStorageBackendTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<EngineHost> StartAsync(IEnumerable<IDagDefinition> dags, long threshold = 0, string compression = "none", Dictionary<string, string>? extra = null)
    {
        var root = Directory.CreateTempSubdirectory("baton-xcom-store-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["BATON__XCOM__BACKEND"] = "objectstorage",
            ["BATON__XCOM__PATH"] = new Uri(root + "/").AbsoluteUri + "xcoms",
            ["BATON__XCOM__THRESHOLD"] = threshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BATON__XCOM__COMPRESSION"] = compression,
        };
        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }

        return await EngineHost.StartAsync(dags, settings);
    }

    private static string StoreRoot(EngineHost host) => ((ObjectStorageXComBackend)host.XComs.Backend).Store is Baton.Storage.LocalObjectStore local ? local.RootDirectory : throw new InvalidOperationException();

    private static List<string> StoredFiles(EngineHost host)
    {
        var root = StoreRoot(host);
        return Directory.Exists(root) ? [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".meta", StringComparison.Ordinal))] : [];
    }

    private static readonly InlineDag Unused = new("unused", dag => dag.Task("t", () => 1));

    private static XComKey Key(string key = "return_value") => new("dag", "run", "task", -1, key);

    [Theory]
    [InlineData(-1, 10, XComStorage.Inline)]
    [InlineData(0, 0, XComStorage.ObjectStore)]
    [InlineData(0, 10, XComStorage.ObjectStore)]
    [InlineData(12, 10, XComStorage.ObjectStore)]   // "xxxxxxxxxx" is 12 bytes stored: at the threshold → object
    [InlineData(13, 10, XComStorage.Inline)]        // one byte below → inline
    public async Task Threshold_DecidesInlineOrObject_AtTheStoredSize(long threshold, int length, XComStorage expectedForLength)
    {
        await using var host = await StartAsync([Unused], threshold);
        var value = new string('x', length);

        await host.XComs.PushAsync(Key(), value, typeof(string), Ct);

        var row = await host.XComs.GetAsync(Key(), Ct);
        var expected = expectedForLength;
        Assert.Equal(expected, row!.Payload.Storage);
        Assert.Equal(length + 2, row.Payload.Size);
        Assert.Equal(value, await host.XComs.PullAsync<string>(Key(), Ct));
        Assert.Equal(expected == XComStorage.ObjectStore ? 2 : 0, StoredFiles(host).Count);
    }

    [Theory]
    [InlineData("none", ".json")]
    [InlineData("gzip", ".json.gz")]
    [InlineData("zstd", ".json.zst")]
    [InlineData("brotli", ".json.br")]
    public async Task EachCompression_RoundTripsAndIsRecordedAndNamed(string compression, string extension)
    {
        await using var host = await StartAsync([Unused], threshold: 0, compression);
        var value = Enumerable.Range(0, 5000).Select(i => $"row {i}").ToList();

        await host.XComs.PushAsync(Key(), value, typeof(List<string>), Ct);

        var row = (await host.XComs.GetAsync(Key(), Ct))!;
        Assert.Equal(compression, row.Payload.Compression);
        Assert.EndsWith(extension, row.Payload.Location);
        Assert.StartsWith("xxh3:", row.Payload.Checksum);
        Assert.Equal(value, await host.XComs.PullAsync<List<string>>(Key(), Ct));
        Assert.True(File.Exists(new Uri(row.Payload.Location!).LocalPath + XComObjectManifest.Suffix));
        if (compression != "none")
        {
            Assert.True(row.Payload.Size < 5000 * 8, $"compressed size {row.Payload.Size}");
        }
    }

    [Fact]
    public async Task ValuesWrittenUnderOldSettings_StillReadAfterTheSettingsChange()
    {
        var root = Directory.CreateTempSubdirectory("baton-xcom-change-").FullName;
        var home = Directory.CreateTempSubdirectory("baton-home-").FullName;
        Dictionary<string, string> Settings(string compression, string threshold) => new()
        {
            ["BATON__XCOM__BACKEND"] = "objectstorage", ["BATON__XCOM__PATH"] = new Uri(root + "/").AbsoluteUri, ["BATON__XCOM__THRESHOLD"] = threshold,
            ["BATON__XCOM__COMPRESSION"] = compression, ["BATON__DATABASE__CONNECTION_STRING"] = $"Data Source={home}/shared.db",
        };

        await using (var first = await EngineHost.StartAsync([Unused], Settings("zstd", "0")))
        {
            await first.XComs.PushAsync(Key("zstd_object"), "written with zstd", typeof(string), Ct);
            await first.XComs.PushAsync(Key("zstd_object_2"), 42, typeof(int), Ct);
        }

        await using var second = await EngineHost.StartAsync([Unused], Settings("gzip", "1000000"));
        await second.XComs.PushAsync(Key("gzip_inline"), "written with gzip", typeof(string), Ct);

        Assert.Equal("written with zstd", await second.XComs.PullAsync<string>(Key("zstd_object"), Ct));
        Assert.Equal(42, await second.XComs.PullAsync<int>(Key("zstd_object_2"), Ct));
        Assert.Equal("written with gzip", await second.XComs.PullAsync<string>(Key("gzip_inline"), Ct));
        Assert.Equal(("zstd", XComStorage.ObjectStore), ((await second.XComs.GetAsync(Key("zstd_object"), Ct))!.Payload.Compression, (await second.XComs.GetAsync(Key("zstd_object"), Ct))!.Payload.Storage));
        Assert.Equal(("gzip", XComStorage.Inline), ((await second.XComs.GetAsync(Key("gzip_inline"), Ct))!.Payload.Compression, (await second.XComs.GetAsync(Key("gzip_inline"), Ct))!.Payload.Storage));
        Directory.Delete(root, true);
    }

    [Fact]
    public async Task StreamValues_FlowFromATaskFileToAStreamParameterWithoutBeingHeld()
    {
        const int Size = 24 * 1024 * 1024;
        var source = Path.GetTempFileName();
        var data = new byte[Size];
        new Random(7).NextBytes(data);
        await File.WriteAllBytesAsync(source, data, Ct);
        ulong? received = null;
        long receivedLength = 0;
        await using var host = await StartAsync([new InlineDag("streams", dag =>
        {
            var produced = dag.Task("produce", () => (Stream)File.OpenRead(source));
            dag.Task("consume", async (Stream input, TaskContext ctx) =>
            {
                var hash = new XxHash64();
                var buffer = new byte[1 << 16];
                int n;
                while ((n = await input.ReadAsync(buffer, ctx.CancellationToken)) > 0)
                {
                    hash.Append(buffer.AsSpan(0, n));
                    receivedLength += n;
                }

                received = hash.GetCurrentHashAsUInt64();
            }, produced);
        })], threshold: 1024 * 1024, compression: "zstd");

        var result = await host.TestAsync("streams");

        Assert.Equal(DagRunState.Success, result.Run.State);
        Assert.Equal(Size, receivedLength);
        Assert.Equal(XxHash64.HashToUInt64(data), received);
        var row = (await host.XComs.GetAsync(new XComKey("streams", result.Run.RunId, "produce"), Ct))!;
        Assert.Equal(("bytes", XComStorage.ObjectStore), (row.Payload.Format, row.Payload.Storage));
        Assert.EndsWith(".bin.zst", row.Payload.Location);
        File.Delete(source);
    }

    [Fact]
    public async Task MissingObject_FailsWithObjectNotFoundNamingTheLocation()
    {
        await using var host = await StartAsync([Unused]);
        await host.XComs.PushAsync(Key(), "value", typeof(string), Ct);
        var location = (await host.XComs.GetAsync(Key(), Ct))!.Payload.Location!;
        File.Delete(new Uri(location).LocalPath);

        var error = await Assert.ThrowsAsync<XComObjectNotFoundException>(() => host.XComs.PullAsync<string>(Key(), Ct));

        Assert.Contains("dag 'dag', run 'run', task 'task', key 'return_value'", error.Message);
        Assert.Contains(location, error.Message);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("gzip")]
    [InlineData("zstd")]
    public async Task FlippedByte_FailsWithChecksumMismatchNamingTheLocation(string compression)
    {
        await using var host = await StartAsync([Unused], 0, compression);
        await host.XComs.PushAsync(Key(), Enumerable.Range(0, 1000).ToArray(), typeof(int[]), Ct);
        var location = (await host.XComs.GetAsync(Key(), Ct))!.Payload.Location!;
        var path = new Uri(location).LocalPath;
        var bytes = await File.ReadAllBytesAsync(path, Ct);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes, Ct);

        var error = await Assert.ThrowsAsync<XComChecksumMismatchException>(() => host.XComs.PullAsync<int[]>(Key(), Ct));

        Assert.Contains("dag 'dag', run 'run', task 'task', key 'return_value'", error.Message);
        Assert.Contains(location, error.Message);
        Assert.Contains("is corrupted: checksum xxh3:", error.Message);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("zstd")]
    public async Task FlippedByte_InAStreamCopiedToItsEnd_FailsWithChecksumMismatch(string compression)
    {
        await using var host = await StartAsync([Unused], 0, compression);
        var data = new byte[3 * 1024 * 1024];
        new Random(11).NextBytes(data);
        await host.XComs.PushAsync(Key(), data, typeof(byte[]), Ct);
        var path = new Uri((await host.XComs.GetAsync(Key(), Ct))!.Payload.Location!).LocalPath;
        var bytes = await File.ReadAllBytesAsync(path, Ct);
        bytes[bytes.Length - 10] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes, Ct);

        await using var value = await host.XComs.PullAsync<Stream>(Key(), Ct);
        await Assert.ThrowsAsync<XComChecksumMismatchException>(() => value.CopyToAsync(Stream.Null, Ct));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1024L * 1024)]
    public async Task StreamValueFailingPartWay_LeavesNothingInTheStore(long threshold)
    {
        await using var host = await StartAsync([Unused], threshold);
        var failing = new FailingStream(failAfter: 5 * 1024 * 1024);

        var error = await Assert.ThrowsAsync<IOException>(() => host.XComs.PushAsync(Key(), failing, typeof(Stream), Ct));

        Assert.Equal("the source broke", error.Message);
        Assert.Null(await host.XComs.GetAsync(Key(), Ct));
        Assert.Empty(StoredFiles(host));
    }

    /// <summary>Reads zeros, then fails.</summary>
    private sealed class FailingStream(long failAfter) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAfter)
            {
                throw new IOException("the source broke");
            }

            var n = (int)Math.Min(count, failAfter - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task TruncatedObject_FailsWithChecksumMismatch()
    {
        await using var host = await StartAsync([Unused]);
        await host.XComs.PushAsync(Key(), new string('z', 5000), typeof(string), Ct);
        var path = new Uri((await host.XComs.GetAsync(Key(), Ct))!.Payload.Location!).LocalPath;
        var bytes = await File.ReadAllBytesAsync(path, Ct);
        await File.WriteAllBytesAsync(path, bytes[..100], Ct);

        var error = await Assert.ThrowsAsync<XComChecksumMismatchException>(() => host.XComs.PullAsync<string>(Key(), Ct));

        Assert.Contains("100 bytes where 5002 were recorded", error.Message);
    }

    [Fact]
    public async Task WrongType_FailsWithTypeMismatchNamingTheLocation()
    {
        await using var host = await StartAsync([Unused], 0, "gzip");
        await host.XComs.PushAsync(Key(), new { Name = "not a number" }, typeof(object), Ct);
        var location = (await host.XComs.GetAsync(Key(), Ct))!.Payload.Location!;

        var error = await Assert.ThrowsAsync<XComTypeMismatchException>(() => host.XComs.PullAsync<int>(Key(), Ct));

        Assert.Contains($"dag 'dag', run 'run', task 'task', key 'return_value' at '{location}' cannot be read as Int32", error.Message);
    }

    [Fact]
    public async Task UnknownCompressionRecorded_FailsWithUnknownFormat()
    {
        await using var host = await StartAsync([Unused]);
        await host.XComs.PushAsync(Key(), "v", typeof(string), Ct);
        var row = (await host.XComs.GetAsync(Key(), Ct))!;
        await host.Store.SetXComAsync(row with { Payload = row.Payload with { Compression = "lz77-special" } }, Ct);

        var error = await Assert.ThrowsAsync<XComUnknownFormatException>(() => host.XComs.PullAsync<string>(Key(), Ct));

        Assert.Contains("compressed with 'lz77-special'", error.Message);
        Assert.Contains(row.Payload.Location!, error.Message);
    }

    [Theory]
    [InlineData("../../etc", "a/../b", "key with spaces/and slash")]
    [InlineData("dag.with.dots", "..", "..")]
    [InlineData("ünïcødé", "run:+00:00", "ключ")]
    public async Task HostileIds_StayInsideTheStoreRoot(string dagId, string runId, string key)
    {
        await using var host = await StartAsync([Unused]);
        var xcomKey = new XComKey(dagId, runId, "task/../x", 0, key);

        await host.XComs.PushAsync(xcomKey, "payload", typeof(string), Ct);

        var root = StoreRoot(host);
        var files = StoredFiles(host);
        Assert.Equal(2, files.Count);
        Assert.All(files, f => Assert.StartsWith(root + Path.DirectorySeparatorChar, Path.GetFullPath(f)));
        Assert.Equal("payload", await host.XComs.PullAsync<string>(xcomKey, Ct));
    }

    [Fact]
    public async Task RowWriteFailure_RemovesTheObjectJustWritten()
    {
        await using var host = await StartAsync([Unused]);
        // A DAG id over SQLite's limits is not the point; make the row write fail by dropping the table under it.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={host.Paths.DatabaseFile}"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE xcom RENAME TO xcom_gone";
            await command.ExecuteNonQueryAsync(Ct);
        }

        await Assert.ThrowsAnyAsync<Exception>(() => host.XComs.PushAsync(Key(), "orphan?", typeof(string), Ct));

        Assert.Empty(StoredFiles(host));
    }

    [Fact]
    public async Task CrashBetweenObjectAndRow_LeavesOnlyAnOrphanThatTheSweepRemovesAfterTheGracePeriod()
    {
        await using var host = await StartAsync([Unused]);
        await host.XComs.PushAsync(Key("kept"), "referenced", typeof(string), Ct);
        // A crash after the object is written and before the row commits: the backend wrote, nobody recorded.
        var orphan = await host.XComs.Backend.SerializeValueAsync(Key("lost"), "orphaned", typeof(string), Ct);
        Assert.Null(await host.XComs.GetAsync(Key("lost"), Ct));
        Assert.Equal(4, StoredFiles(host).Count);

        var young = await host.XComs.SweepOrphansAsync(TimeSpan.FromHours(1), dryRun: false, Ct);
        Assert.Equal((2, 1, 0, 1), (young!.Scanned, young.Referenced, young.Deleted.Count, young.TooYoung.Count));
        Assert.Equal(4, StoredFiles(host).Count);

        foreach (var file in StoredFiles(host).Where(f => f.Contains("lost", StringComparison.Ordinal)))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-2));
        }

        var dry = await host.XComs.SweepOrphansAsync(TimeSpan.FromHours(1), dryRun: true, Ct);
        Assert.Equal([orphan.Location!], dry!.Deleted);
        Assert.Equal(4, StoredFiles(host).Count);

        var swept = await host.XComs.SweepOrphansAsync(TimeSpan.FromHours(1), dryRun: false, Ct);
        Assert.Equal([orphan.Location!], swept!.Deleted);
        Assert.Equal(2, StoredFiles(host).Count);
        Assert.Equal("referenced", await host.XComs.PullAsync<string>(Key("kept"), Ct));
    }

    [Fact]
    public async Task ReplacingAValue_DeletesTheOldObject()
    {
        await using var host = await StartAsync([Unused]);
        await host.XComs.PushAsync(Key(), "first", typeof(string), Ct);
        var first = (await host.XComs.GetAsync(Key(), Ct))!.Payload.Location!;

        await host.XComs.PushAsync(Key(), "second", typeof(string), Ct);

        Assert.False(File.Exists(new Uri(first).LocalPath));
        Assert.Equal(2, StoredFiles(host).Count);
        Assert.Equal("second", await host.XComs.PullAsync<string>(Key(), Ct));
    }
}
