using System.Security.Cryptography;

namespace Baton.Storage.Tests.Gcs;

/// <summary>
/// The resumable-upload path in several chunks, against <see cref="FakeGcsServer"/>: the emulator cannot show it, since
/// it finalizes an upload at its first chunk.
/// </summary>
public sealed class GcsResumableUploadTests
{
    private const int Chunk = 256 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Baton.Connections.Connection Connection(FakeGcsServer server, int numRetries = 2) =>
        GcsTestConnections.Gcp(new { endpoint_url = server.Endpoint.AbsoluteUri, chunk_size = Chunk, num_retries = numRetries });

    [Fact]
    public async Task ValueLargerThanOneChunk_IsSentInChunksOfTheConfiguredSize()
    {
        await using var server = new FakeGcsServer();
        var store = await GcsTestConnections.StoreAsync(Connection(server), "bucket");
        var data = RandomNumberGenerator.GetBytes((4 * Chunk) + 12345);

        await store.PutAsync("a/value.bin", GcsTestConnections.ShortReadSource(data), new Dictionary<string, string> { ["baton-format"] = "bytes" }, Ct);

        Assert.Equal([Chunk, Chunk, Chunk, Chunk, 12345], server.Chunks);
        var stored = server.Objects["a/value.bin"];
        Assert.Equal(data, stored.Data);
        Assert.Equal("bytes", stored.Metadata["baton-format"]);
    }

    [Fact]
    public async Task ServerErrorOnAChunk_IsRetried_AndTheUploadResumesWhereTheServerStopped()
    {
        await using var server = new FakeGcsServer { FailChunk = i => i == 2 };
        var store = await GcsTestConnections.StoreAsync(Connection(server), "bucket");
        var data = RandomNumberGenerator.GetBytes((3 * Chunk) + 1);

        await store.PutAsync("retried.bin", GcsTestConnections.ShortReadSource(data), new Dictionary<string, string>(), Ct);

        Assert.Equal(data, server.Objects["retried.bin"].Data);
        Assert.Equal(4, server.Chunks.Count);
        Assert.Contains("PUT /upload/storage/v1/b/bucket/o", server.Requests);
    }

    [Fact]
    public async Task ServerErrorsPastTheRetries_FailWithTheBucketAndKey_CancelTheSession_AndLeaveNoObject()
    {
        await using var server = new FakeGcsServer { FailChunk = i => i >= 1 };
        var store = await GcsTestConnections.StoreAsync(Connection(server, numRetries: 1), "bucket");

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() =>
            store.PutAsync("doomed.bin", GcsTestConnections.ShortReadSource(RandomNumberGenerator.GetBytes(3 * Chunk)), new Dictionary<string, string>(), Ct));

        Assert.Contains("Writing object 'doomed.bin' in gs://gcs_unit@bucket failed", error.Message);
        Assert.Contains("503", error.Message);
        Assert.Single(server.CancelledSessions);
        Assert.Empty(server.Failures);
        Assert.Empty(server.Objects);
    }

    [Fact]
    public async Task EmptyValue_IsWrittenAsAnEmptyObject()
    {
        await using var server = new FakeGcsServer();
        var store = await GcsTestConnections.StoreAsync(Connection(server), "bucket");

        await store.PutAsync("empty", GcsTestConnections.ShortReadSource([]), new Dictionary<string, string>(), Ct);

        Assert.Empty(server.Objects["empty"].Data);
    }

    [Fact]
    public async Task DeleteMany_GoesThroughTheBatchEndpoint_AHundredAtATime_IgnoringMissingObjects()
    {
        await using var server = new FakeGcsServer { SupportsBatch = true };
        var store = await GcsTestConnections.StoreAsync(Connection(server), "bucket");
        var keys = Enumerable.Range(0, 150).Select(i => $"batch/{i}").ToList();
        await Parallel.ForEachAsync(keys, Ct, async (key, ct) => await store.PutAsync(key, new MemoryStream([1]), new Dictionary<string, string>(), ct));

        await store.DeleteManyAsync([.. keys, "batch/never-written"], Ct);

        Assert.Equal([100, 51], server.Batches);
        Assert.Empty(server.Objects);
        Assert.False(store.BatchUnsupported);
        Assert.Empty(server.Failures);
    }
}
