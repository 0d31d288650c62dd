using System.Security.Cryptography;

namespace Baton.Storage.Tests.Gcs;

/// <summary>The store's own contract against the GCS emulator: metadata, paging, deletes, reads, and the emulator's chunk limit.</summary>
public sealed class GcsEmulatorStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] RandomBytes(int size) => RandomNumberGenerator.GetBytes(size);

    [Fact]
    public async Task Put_KeepsMetadata_VisibleThroughStatAndList()
    {
        var store = await GcsTestConnections.EmulatorStoreAsync();
        var key = GcsTestConnections.Prefix("metadata") + "/value.json";
        var metadata = new Dictionary<string, string> { ["baton-dag-id"] = "my~20dag", ["baton-format"] = "json", ["baton-map-index"] = "-1" };
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);

        await store.PutAsync(key, GcsTestConnections.ShortReadSource("{\"a\":1}"u8.ToArray()), metadata, Ct);

        var info = await store.StatAsync(key, Ct);
        Assert.NotNull(info);
        Assert.Equal((key, 7L), (info.Key, info.Size));
        Assert.Equal(metadata, info.Metadata);
        Assert.InRange(info.LastModified, before, DateTimeOffset.UtcNow.AddMinutes(1));
        var listed = Assert.Single(await store.ListAsync(key, Ct).ToListAsync(Ct));
        Assert.Equal(metadata, listed.Metadata);
        Assert.Equal(ObjectKeys.Join(store.Root, key), $"gs://{GcsStoreTarget.ConnId}@{GcsStoreTarget.Bucket}/{key}");
        await store.DeleteAsync(key, Ct);
    }

    [Fact]
    public async Task List_PagesThroughMoreObjectsThanOnePage_AndKeepsToThePrefix()
    {
        var store = await GcsTestConnections.EmulatorStoreAsync(listPageSize: 7);
        var prefix = GcsTestConnections.Prefix("paging");
        var keys = Enumerable.Range(0, 25).Select(i => $"{prefix}/p/{i:D3}").ToList();
        await Parallel.ForEachAsync(keys, Ct, async (key, ct) => await store.PutAsync(key, new MemoryStream([1, 2, 3]), new Dictionary<string, string>(), ct));
        await store.PutAsync($"{prefix}/other", new MemoryStream([1]), new Dictionary<string, string>(), Ct);

        var listed = await store.ListAsync(prefix + "/p/", Ct).ToListAsync(Ct);

        Assert.Equal(keys, listed.Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.All(listed, o => Assert.Equal(3, o.Size));
        await store.DeleteManyAsync([.. keys, $"{prefix}/other"], Ct);
        Assert.Empty(await store.ListAsync(prefix, Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task DeleteMany_FallsBackToSingleDeletes_WhenTheEndpointHasNoBatch_AndIgnoresMissingObjects()
    {
        var store = await GcsTestConnections.EmulatorStoreAsync();
        var prefix = GcsTestConnections.Prefix("delete-many");
        var keys = Enumerable.Range(0, 130).Select(i => $"{prefix}/{i}").ToList();
        await Parallel.ForEachAsync(keys, Ct, async (key, ct) => await store.PutAsync(key, new MemoryStream([9]), new Dictionary<string, string>(), ct));

        await store.DeleteManyAsync([.. keys, $"{prefix}/never-written"], Ct);
        await store.DeleteAsync($"{prefix}/never-written", Ct);

        Assert.True(store.BatchUnsupported);   // the emulator answers 501 to /batch/storage/v1
        Assert.Empty(await store.ListAsync(prefix, Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task MissingObject_IsNullForStat_AndObjectNotFoundForRead()
    {
        var store = await GcsTestConnections.EmulatorStoreAsync();
        var key = GcsTestConnections.Prefix("missing") + "/nothing";

        Assert.Null(await store.StatAsync(key, Ct));
        var error = await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.OpenReadAsync(key, Ct));
        Assert.Equal(ObjectKeys.Join(store.Root, key), error.Location);
    }

    [Fact]
    public async Task LargeValueFromANonSeekableStream_RoundTrips_WithinOneChunk()
    {
        var store = await GcsTestConnections.EmulatorStoreAsync();
        var key = GcsTestConnections.Prefix("large") + "/value.bin";
        var data = RandomBytes(40 * 1024 * 1024 + 17);

        await store.PutAsync(key, GcsTestConnections.ShortReadSource(data), new Dictionary<string, string>(), Ct);

        Assert.Equal(data.Length, (await store.StatAsync(key, Ct))!.Size);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(await ObjectStoreContents.ReadAllAsync(store, key, Ct)));
        await store.DeleteAsync(key, Ct);
    }

    [Fact]
    public async Task ValueLargerThanOneChunk_OnTheEmulator_FailsLoudly_AndLeavesNoShortObject()
    {
        // The emulator finalizes a resumable upload at its first chunk; the store notices the short object.
        var store = await GcsTestConnections.EmulatorStoreAsync(chunkSize: 256 * 1024);
        var key = GcsTestConnections.Prefix("truncated") + "/value.bin";

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() =>
            store.PutAsync(key, GcsTestConnections.ShortReadSource(RandomBytes(1024 * 1024)), new Dictionary<string, string>(), Ct));

        Assert.Contains($"object '{key}'", error.Message);
        Assert.Contains("in gs://gcs_test@baton-test failed: ", error.Message);
        Assert.Contains("finalized the object with 262144 bytes", error.Message);
        Assert.Contains("chunk_size", error.Message);
        Assert.Null(await store.StatAsync(key, Ct));
    }

    [Fact]
    public async Task CancelledPut_LeavesNothingAtTheKey()
    {
        var store = await GcsTestConnections.EmulatorStoreAsync();
        var key = GcsTestConnections.Prefix("cancelled") + "/value.bin";
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var unfinished = new System.IO.Pipelines.Pipe();   // a value still being produced: its stream never ends

        var put = store.PutAsync(key, unfinished.Reader.AsStream(), new Dictionary<string, string>(), cancel.Token);
        await unfinished.Writer.WriteAsync(RandomBytes(1024 * 1024), Ct);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => put.WaitAsync(TimeSpan.FromSeconds(30), Ct));
        Assert.Null(await store.StatAsync(key, Ct));
    }

    [Fact]
    public async Task ReaderThatStopsEarly_CancelsTheDownload()
    {
        var store = await GcsTestConnections.EmulatorStoreAsync();
        var key = GcsTestConnections.Prefix("early") + "/value.bin";
        await store.PutAsync(key, new MemoryStream(RandomBytes(12 * 1024 * 1024)), new Dictionary<string, string>(), Ct);

        await using (var stream = await store.OpenReadAsync(key, Ct))
        {
            var buffer = new byte[1000];
            Assert.True(await stream.ReadAsync(buffer, Ct) > 0);
        }

        Assert.Equal(12 * 1024 * 1024, (await store.StatAsync(key, Ct))!.Size);
        await store.DeleteAsync(key, Ct);
    }
}
