using Azure.Core;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Baton.Storage.Tests.Azure;

/// <summary>The store's own behaviour on the emulator: block uploads, single puts, metadata, listing pages, deletes, failures.</summary>
public sealed class AzureBlobObjectStoreTests
{
    private const string Container = "baton-store-tests";
    private const int Block = 1024 * 1024;
    private static readonly Dictionary<string, string> NoMetadata = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Put_ValueLargerThanOneBlock_IsStagedInBlocksFromANonSeekableStreamAndCommittedOnce()
    {
        var counter = new RequestCounter();
        var store = await AzureTestSupport.StoreAsync(Container,
            extra: new Dictionary<string, object> { ["max_block_size"] = Block, ["max_concurrency"] = 3 },
            configureClient: o => o.AddPolicy(counter, HttpPipelinePosition.PerRetry), cancellationToken: Ct);
        var key = AzureTestSupport.UniquePrefix("blocks") + "/value.bin";
        var data = TestData.RandomBytes(5 * Block + Block / 2, 1);

        await store.PutAsync(key, new NonSeekableStream(data), NoMetadata, Ct);

        Assert.Equal((6, 1, 0), (counter["PUT:block"], counter["PUT:blocklist"], counter["PUT"]));
        var blocks = (await Azurite.Client.GetBlobContainerClient(Container).GetBlockBlobClient(key).GetBlockListAsync(BlockListTypes.All, cancellationToken: Ct)).Value;
        Assert.Equal(6, blocks.CommittedBlocks.Count());
        Assert.Empty(blocks.UncommittedBlocks);
        Assert.All(blocks.CommittedBlocks.SkipLast(1), b => Assert.Equal(Block, b.SizeLong));
        Assert.Equal(data, await ObjectStoreContents.ReadAllAsync(store, key, Ct));
        Assert.Equal(data.Length, (await store.StatAsync(key, Ct))!.Size);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100_000)]
    [InlineData(Block)]
    public async Task Put_ValueUpToTheSinglePutSize_IsOneRequest(int size)
    {
        var counter = new RequestCounter();
        var store = await AzureTestSupport.StoreAsync(Container, extra: new Dictionary<string, object> { ["max_block_size"] = Block },
            configureClient: o => o.AddPolicy(counter, HttpPipelinePosition.PerRetry), cancellationToken: Ct);
        var key = AzureTestSupport.UniquePrefix("single") + "/value.bin";
        var data = TestData.RandomBytes(size, 2);

        await store.PutAsync(key, new NonSeekableStream(data), NoMetadata, Ct);

        Assert.Equal("PUT=1", counter.ToString());
        Assert.Equal(data, await ObjectStoreContents.ReadAllAsync(store, key, Ct));
    }

    [Fact]
    public async Task Put_OneByteOverTheSinglePutSize_GoesInBlocks()
    {
        var counter = new RequestCounter();
        var store = await AzureTestSupport.StoreAsync(Container, extra: new Dictionary<string, object> { ["max_block_size"] = Block },
            configureClient: o => o.AddPolicy(counter, HttpPipelinePosition.PerRetry), cancellationToken: Ct);
        var key = AzureTestSupport.UniquePrefix("single") + "/value.bin";
        var data = TestData.RandomBytes(Block + 1, 3);

        await store.PutAsync(key, new NonSeekableStream(data), NoMetadata, Ct);

        Assert.Equal((2, 1, 0), (counter["PUT:block"], counter["PUT:blocklist"], counter["PUT"]));
        Assert.Equal(data, await ObjectStoreContents.ReadAllAsync(store, key, Ct));
    }

    [Fact]
    public async Task Put_SameKeyTwice_ReplacesTheObject()
    {
        var store = await AzureTestSupport.StoreAsync(Container, cancellationToken: Ct);
        var key = AzureTestSupport.UniquePrefix("replace") + "/value.bin";

        await store.PutAsync(key, new MemoryStream([1, 2, 3]), new Dictionary<string, string> { ["baton-format"] = "json" }, Ct);
        await store.PutAsync(key, new MemoryStream([4, 5]), new Dictionary<string, string> { ["baton-format"] = "raw" }, Ct);

        Assert.Equal(new byte[] { 4, 5 }, await ObjectStoreContents.ReadAllAsync(store, key, Ct));
        Assert.Equal("raw", (await store.StatAsync(key, Ct))!.Metadata["baton-format"]);
    }

    [Fact]
    public async Task Stat_ReturnsSizeLastModifiedAndTheMetadataUnderTheNamesItWasWrittenWith()
    {
        var store = await AzureTestSupport.StoreAsync(Container, cancellationToken: Ct);
        var key = AzureTestSupport.UniquePrefix("meta") + "/value.json";
        var metadata = new Dictionary<string, string>
        {
            ["baton-dag-id"] = "my%20dag", ["baton-map-index"] = "-1", ["baton-format"] = "json", ["baton-compression"] = "zstd",
        };
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);

        await store.PutAsync(key, new MemoryStream(new byte[1234]), metadata, Ct);
        var info = await store.StatAsync(key, Ct);

        Assert.NotNull(info);
        Assert.Equal((key, 1234L), (info.Key, info.Size));
        Assert.InRange(info.LastModified, before, DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(metadata.OrderBy(m => m.Key), info.Metadata.OrderBy(m => m.Key));
        var stored = (await Azurite.Client.GetBlobContainerClient(Container).GetBlobClient(key).GetPropertiesAsync(cancellationToken: Ct)).Value.Metadata;
        Assert.Equal(["baton_compression", "baton_dag_id", "baton_format", "baton_map_index"], stored.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Put_MetadataAzureCannotHold_FailsBeforeSendingAnything()
    {
        var counter = new RequestCounter();
        var store = await AzureTestSupport.StoreAsync(Container, configureClient: o => o.AddPolicy(counter, HttpPipelinePosition.PerRetry), cancellationToken: Ct);

        var badName = await Assert.ThrowsAsync<ObjectStoreException>(() =>
            store.PutAsync("x/a", new MemoryStream([1]), new Dictionary<string, string> { ["1st"] = "v" }, Ct));
        var badValue = await Assert.ThrowsAsync<ObjectStoreException>(() =>
            store.PutAsync("x/b", new MemoryStream([1]), new Dictionary<string, string> { ["baton-key"] = "caf\u00e9" }, Ct));

        Assert.Contains("metadata name '1st'", badName.Message);
        Assert.Contains("printable ASCII", badValue.Message);
        Assert.Equal("", counter.ToString());
    }

    [Fact]
    public async Task Stat_MissingObject_IsNull()
    {
        var store = await AzureTestSupport.StoreAsync(Container, cancellationToken: Ct);

        Assert.Null(await store.StatAsync(AzureTestSupport.UniquePrefix("none") + "/x", Ct));
    }

    [Fact]
    public async Task OpenRead_MissingObject_ThrowsObjectNotFoundWithItsLocation()
    {
        var store = await AzureTestSupport.StoreAsync(Container, cancellationToken: Ct);
        var key = AzureTestSupport.UniquePrefix("none") + "/x.json";

        var error = await Assert.ThrowsAsync<ObjectNotFoundException>(() => store.OpenReadAsync(key, Ct));

        Assert.Equal($"az://azure_test@{Container}/{key}", error.Location);
    }

    [Fact]
    public async Task List_MoreObjectsThanOnePage_FollowsContinuationTokensAndStaysUnderThePrefix()
    {
        var counter = new RequestCounter();
        var store = await AzureTestSupport.StoreAsync(Container, transfer: t => t with { ListPageSize = 5 },
            configureClient: o => o.AddPolicy(counter, HttpPipelinePosition.PerRetry), cancellationToken: Ct);
        var prefix = AzureTestSupport.UniquePrefix("paging");
        var expected = Enumerable.Range(0, 23).Select(i => $"{prefix}/run/{i:D2}.json").ToList();
        await Parallel.ForEachAsync(expected, Ct, async (key, ct) => await store.PutAsync(key, new MemoryStream([1, 2]), NoMetadata, ct));
        await store.PutAsync(prefix + "-sibling/x.json", new MemoryStream([1]), NoMetadata, Ct);
        counter.Reset();

        var listed = new List<ObjectInfo>();
        await foreach (var info in store.ListAsync(prefix + "/", Ct))
        {
            listed.Add(info);
        }

        Assert.Equal(expected, listed.Select(i => i.Key).Order(StringComparer.Ordinal));
        Assert.All(listed, i => Assert.Equal(2, i.Size));
        Assert.All(listed, i => Assert.True(i.LastModified > DateTimeOffset.UtcNow.AddHours(-1)));
        Assert.Equal(5, counter["GET:list"]);
    }

    [Fact]
    public async Task List_EmptyPrefixOrNothingUnderIt_Works()
    {
        var store = await AzureTestSupport.StoreAsync(Container, cancellationToken: Ct);

        Assert.Empty(await AzureTestSupport.KeysAsync(store, AzureTestSupport.UniquePrefix("nothing") + "/", Ct));
        await foreach (var _ in store.ListAsync("", Ct))
        {
            return;
        }
    }

    [Fact]
    public async Task Delete_MissingObjectOrContainer_IsNotAnError()
    {
        var store = await AzureTestSupport.StoreAsync(Container, cancellationToken: Ct);
        var missingContainer = new Baton.Storage.Azure.AzureBlobObjectStore(store.Connection, "baton-no-such-container");

        await store.DeleteAsync(AzureTestSupport.UniquePrefix("none") + "/x", Ct);
        await missingContainer.DeleteAsync("x/y", Ct);
        await missingContainer.DeleteManyAsync(["x/y", "x/z"], Ct);
    }

    [Fact]
    public async Task DeleteMany_DeletesEveryKeyPresentOrNot()
    {
        var store = await AzureTestSupport.StoreAsync(Container, cancellationToken: Ct);
        var prefix = AzureTestSupport.UniquePrefix("many");
        var keys = Enumerable.Range(0, 30).Select(i => $"{prefix}/{i}.json").ToList();
        foreach (var key in keys.Take(20))
        {
            await store.PutAsync(key, new MemoryStream([1]), NoMetadata, Ct);
        }

        await store.DeleteManyAsync(keys.Concat(keys.Take(3)), Ct);

        Assert.Empty(await AzureTestSupport.KeysAsync(store, prefix + "/", Ct));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a//b")]
    [InlineData("a/../b")]
    [InlineData("a/\u0001")]
    public async Task UnsafeKeys_AreRefused(string key)
    {
        var store = await AzureTestSupport.StoreAsync(Container, cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => store.PutAsync(key, new MemoryStream([1]), NoMetadata, Ct));

        Assert.Contains("az://azure_test@" + Container, error.Message);
    }

    [Fact]
    public async Task Put_ProducerFailsAfterSomeBlocks_PassesItsErrorOnAndLeavesNoObject()
    {
        var store = await AzureTestSupport.StoreAsync(Container, extra: new Dictionary<string, object> { ["max_block_size"] = Block }, cancellationToken: Ct);
        var key = AzureTestSupport.UniquePrefix("producer") + "/value.bin";
        var failure = new InvalidDataException("the task's value could not be serialized");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            store.PutAsync(key, new NonSeekableStream(TestData.RandomBytes(6 * Block, 4), breakAt: 3 * Block + 17, failure), NoMetadata, Ct));

        Assert.Same(failure, error);
        Assert.Null(await store.StatAsync(key, Ct));
        Assert.Empty(await AzureTestSupport.KeysAsync(store, key, Ct));
    }

    [Fact]
    public async Task Put_Cancelled_ThrowsCancellationAndLeavesNoObject()
    {
        var store = await AzureTestSupport.StoreAsync(Container, extra: new Dictionary<string, object> { ["max_block_size"] = Block }, cancellationToken: Ct);
        var key = AzureTestSupport.UniquePrefix("cancel") + "/value.bin";
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var source = new CancellingStream(TestData.RandomBytes(6 * Block, 5), cancelAfter: 2 * Block + 1, cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PutAsync(key, source, NoMetadata, cancel.Token));

        Assert.Null(await store.StatAsync(key, Ct));
    }

    [Fact]
    public async Task Put_DroppedConnectionsOnBlocks_AreRetriedAndTheValueArrivesWhole()
    {
        var drops = new DroppedConnections(m => m.Request.Uri.Query.Contains("comp=block&", StringComparison.Ordinal), times: 3);
        var store = await AzureTestSupport.StoreAsync(Container, extra: new Dictionary<string, object> { ["max_block_size"] = Block },
            configureClient: o => { o.Retry.Delay = TimeSpan.FromMilliseconds(10); o.AddPolicy(drops, HttpPipelinePosition.PerRetry); }, cancellationToken: Ct);
        var key = AzureTestSupport.UniquePrefix("retry") + "/value.bin";
        var data = TestData.RandomBytes(4 * Block + 5, 6);

        await store.PutAsync(key, new NonSeekableStream(data), NoMetadata, Ct);

        Assert.Equal(5 + 3, drops.Dropped);   // five blocks, three of them sent twice
        Assert.Equal(data, await ObjectStoreContents.ReadAllAsync(store, key, Ct));
    }

    [Fact]
    public async Task Put_BlockFailingOnEveryTry_FailsNamingTheStoreAndKeyAndLeavesNoObject()
    {
        var drops = new DroppedConnections(m => m.Request.Uri.Query.Contains("comp=block&", StringComparison.Ordinal), times: int.MaxValue);
        var store = await AzureTestSupport.StoreAsync(Container, extra: new Dictionary<string, object> { ["max_block_size"] = Block, ["retry_total"] = 2 },
            configureClient: o => { o.Retry.Delay = TimeSpan.FromMilliseconds(10); o.AddPolicy(drops, HttpPipelinePosition.PerRetry); }, cancellationToken: Ct);
        var key = AzureTestSupport.UniquePrefix("retry") + "/value.bin";

        var error = await Assert.ThrowsAnyAsync<ObjectStoreException>(() =>
            store.PutAsync(key, new NonSeekableStream(TestData.RandomBytes(3 * Block, 7)), NoMetadata, Ct));

        Assert.Contains($"Writing object '{key}' in az://azure_test@{Container} failed", error.Message);
        Assert.Contains("(3 tries): simulated dropped connection", error.Message);
        Assert.Null(await store.StatAsync(key, Ct));
        Assert.Empty(await AzureTestSupport.KeysAsync(store, key, Ct));
    }

    [Fact]
    public async Task Read_ConnectionDroppedMidBody_ResumesWithARangeRequest()
    {
        var store = await AzureTestSupport.StoreAsync(Container, cancellationToken: Ct);
        var key = AzureTestSupport.UniquePrefix("resume") + "/value.bin";
        var data = TestData.RandomBytes(3 * Block, 8);
        await store.PutAsync(key, new MemoryStream(data), NoMetadata, Ct);

        // Break the first response body after 100 KB; the SDK's retriable stream must fetch the rest.
        var counter = new RequestCounter();
        var breaker = new BodyBreaker(100_000);
        var reading = await AzureTestSupport.StoreAsync(Container,
            configureClient: o => { o.Retry.Delay = TimeSpan.FromMilliseconds(10); o.AddPolicy(counter, HttpPipelinePosition.PerRetry); o.AddPolicy(breaker, HttpPipelinePosition.PerRetry); },
            cancellationToken: Ct);

        Assert.Equal(data, await ObjectStoreContents.ReadAllAsync(reading, key, Ct));
        Assert.Equal(2, counter["GET"]);
    }
}
