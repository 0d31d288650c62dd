using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Baton.Storage.Azure;

/// <summary>
/// Objects as block blobs in one container, at <c>az://conn_id@container</c>. A write reads the caller's stream once:
/// a value of up to <see cref="AzureBlobTransferOptions.SinglePutSize"/> bytes goes in one Put Blob request, a larger one
/// is staged in blocks of <see cref="AzureBlobTransferOptions.BlockSize"/> bytes (at most
/// <see cref="AzureBlobTransferOptions.MaxConcurrency"/> in flight) and appears only when its block list is committed, so
/// a failed or cancelled write leaves no object (staged blocks that are never committed are discarded by the service after
/// a week). Metadata names are stored with <c>_</c> for <c>-</c> (see <see cref="AzureBlobMetadata"/>).
/// </summary>
/// <remarks>
/// Every request goes through the client's retry policy (Azure.Core's exponential policy, set up by
/// <see cref="AzureBlobConnection.ClientOptions"/>); each staged block is retried on its own from its buffer. Errors that
/// remain become <see cref="ObjectStoreException"/>s naming the store, the key and why (<see cref="AzureBlobErrors"/>). The
/// store owns its connection's HTTP client: disposing the store disposes it.
/// </remarks>
internal sealed partial class AzureBlobObjectStore : IObjectStore, IIncompleteUploadStore, IDisposable
{
    private const int FirstBufferSize = 64 * 1024;
    private const int MaxBlobNameLength = 1024;
    private readonly AzureBlobConnection _connection;
    private readonly BlobContainerClient _container;

    // The first-part buffers: a pool of the store's own, because ArrayPool.Shared keeps a large array in each thread that
    // returned one, so buffers of up to SinglePutSize + 1 bytes piled up with every upload (~30 MB each, measured).
    private readonly ArrayPool<byte> _firstBuffers;

    /// <summary>Creates the store on a container of the connection's account.</summary>
    public AzureBlobObjectStore(AzureBlobConnection connection, string container)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrEmpty(container);
        _connection = connection;
        _container = connection.Client.GetBlobContainerClient(container);
        ContainerName = container;
        Root = AzureBlobLocation.RootOf(connection.ConnId, container);
        _firstBuffers = ArrayPool<byte>.Create(connection.Transfer.SinglePutSize + 1, connection.Transfer.MaxConcurrency + 2);
    }

    /// <inheritdoc />
    public string Root { get; }

    /// <summary>The container's name.</summary>
    public string ContainerName { get; }

    /// <summary>The connection the store was opened with.</summary>
    public AzureBlobConnection Connection => _connection;

    /// <summary>Disposes the connection's HTTP client.</summary>
    public void Dispose() => _connection.Dispose();

    /// <inheritdoc />
    public async Task PutAsync(string key, Stream content, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(metadata);
        var blob = Blob(key);
        Dictionary<string, string> azureMetadata;
        try
        {
            azureMetadata = AzureBlobMetadata.ToAzure(metadata);
        }
        catch (ArgumentException e)
        {
            throw ObjectStoreException.Failed(ObjectStoreFailureKind.InvalidRequest, Root, $"writing object '{key}'", e.Message, e);
        }

        var transfer = _connection.Transfer;
        var (first, length, ended) = await ReadFirstAsync(content, transfer.SinglePutSize, cancellationToken).ConfigureAwait(false);
        if (ended)
        {
            try
            {
                // A seekable stream of known length below InitialTransferSize is one Put Blob, retried from the buffer.
                using var whole = new MemoryStream(first, 0, length, writable: false);
                await blob.UploadAsync(whole, UploadOptions(azureMetadata, initialTransferSize: length + 1L), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (AzureBlobErrors.IsStoreFailure(e, cancellationToken))
            {
                throw Failure(e, "writing", key);
            }
            finally
            {
                _firstBuffers.Return(first);
            }
        }

        // The SDK reads a non-seekable stream block by block into pooled buffers, stages the blocks in parallel and commits them.
        await using var source = new AzureBlobUploadSource(_firstBuffers, first, length, content);
        try
        {
            await blob.UploadAsync(source, UploadOptions(azureMetadata, initialTransferSize: transfer.BlockSize), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException && source.SourceError is { } sourceError)
        {
            // The caller's stream failed (e.g. the value's producer): that error is the cause, whatever the SDK wrapped it in.
            ExceptionDispatchInfo.Throw(sourceError);
            throw;
        }
        catch (Exception e) when (AzureBlobErrors.IsStoreFailure(e, cancellationToken))
        {
            throw Failure(e, "writing", key);
        }
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var blob = Blob(key);
        try
        {
            // One GET whose body streams; the SDK resumes it with range requests (same ETag) if the connection drops.
            var download = await blob.DownloadStreamingAsync(new BlobDownloadOptions(), cancellationToken).ConfigureAwait(false);
            return new AzureBlobReadStream(download.Value.Content, e => Failure(e, "reading", key));
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            throw new ObjectNotFoundException(Root, key);
        }
        catch (Exception e) when (AzureBlobErrors.IsStoreFailure(e, cancellationToken))
        {
            throw Failure(e, "reading", key);
        }
    }

    /// <inheritdoc />
    public async Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken = default)
    {
        var blob = Blob(key);
        try
        {
            var properties = (await blob.GetPropertiesAsync(conditions: null, cancellationToken).ConfigureAwait(false)).Value;
            return new ObjectInfo(key, properties.ContentLength, properties.LastModified, AzureBlobMetadata.FromAzure(properties.Metadata));
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return null;
        }
        catch (Exception e) when (AzureBlobErrors.IsStoreFailure(e, cancellationToken))
        {
            throw Failure(e, "reading the properties of", key);
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var blob = Blob(key);
        try
        {
            // Missing blobs and containers are fine: DeleteIfExists answers false for both.
            await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions: null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (AzureBlobErrors.IsStoreFailure(e, cancellationToken))
        {
            throw Failure(e, "deleting", key);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Blob batches need the Azure.Storage.Blobs.Batch package, which Baton does without; the deletes run in parallel
    /// instead (<see cref="AzureBlobTransferOptions.MaxConcurrency"/> × 2 at once). Every key is tried; the error names how
    /// many failed and the first failure.
    /// </remarks>
    public async Task DeleteManyAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var distinct = keys.Distinct(StringComparer.Ordinal).ToList();
        foreach (var key in distinct)
        {
            Blob(key);
        }

        var failures = new ConcurrentQueue<ObjectStoreException>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _connection.Transfer.MaxConcurrency * 2, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(distinct, parallel, async (key, token) =>
        {
            try
            {
                await DeleteAsync(key, token).ConfigureAwait(false);
            }
            catch (ObjectStoreException e)
            {
                failures.Enqueue(e);
            }
        }).ConfigureAwait(false);

        if (failures.TryPeek(out var first))
        {
            throw new ObjectStoreException(first.Kind,
                $"Deleting {failures.Count} of {distinct.Count} objects in {Root} failed; the first: {first.Message}", first.Reason, first);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var pages = _container
            .GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix.Length == 0 ? null : prefix, cancellationToken)
            .AsPages(continuationToken: null, pageSizeHint: _connection.Transfer.ListPageSize)
            .GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                Page<BlobItem> page;
                try
                {
                    if (!await pages.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    page = pages.Current;
                }
                catch (Exception e) when (AzureBlobErrors.IsStoreFailure(e, cancellationToken))
                {
                    throw Failure(e, $"listing objects under '{prefix}'", key: null);
                }

                foreach (var item in page.Values)
                {
                    yield return new ObjectInfo(item.Name, item.Properties.ContentLength ?? 0,
                        item.Properties.LastModified ?? DateTimeOffset.MinValue, new Dictionary<string, string>());
                }
            }
        }
        finally
        {
            await pages.DisposeAsync().ConfigureAwait(false);
        }
    }

    private BlockBlobClient Blob(string key)
    {
        try
        {
            ObjectKeys.Validate(key);
        }
        catch (ArgumentException e)
        {
            throw new ObjectStoreException(ObjectStoreFailureKind.InvalidRequest, $"Refusing {Root}: {e.Message}", innerException: e);
        }

        return key.Length > MaxBlobNameLength
            ? throw new ObjectStoreException(ObjectStoreFailureKind.InvalidRequest, $"Refusing {Root}: object key '{key[..64]}…' is {key.Length} characters long; Azure allows {MaxBlobNameLength}")
            : _container.GetBlockBlobClient(key);
    }

    private BlobUploadOptions UploadOptions(Dictionary<string, string> metadata, long initialTransferSize) => new()
    {
        Metadata = metadata,
        TransferOptions = new StorageTransferOptions
        {
            InitialTransferSize = initialTransferSize,
            MaximumTransferSize = _connection.Transfer.BlockSize,
            MaximumConcurrency = _connection.Transfer.MaxConcurrency,
        },
    };

    /// <summary>
    /// Reads up to <paramref name="limit"/> + 1 bytes into a pooled buffer that grows with what arrives (a small value
    /// never rents a large buffer); <c>ended</c> tells whether the stream ended within <paramref name="limit"/> bytes.
    /// </summary>
    private async Task<(byte[] Buffer, int Length, bool Ended)> ReadFirstAsync(Stream content, int limit, CancellationToken cancellationToken)
    {
        var capacity = limit + 1;
        var buffer = _firstBuffers.Rent(Math.Min(FirstBufferSize, capacity));
        var length = 0;
        try
        {
            while (true)
            {
                var room = Math.Min(buffer.Length, capacity);
                if (length == room)
                {
                    if (length == capacity)
                    {
                        return (buffer, length, false);
                    }

                    var bigger = _firstBuffers.Rent(Math.Min(buffer.Length * 2, capacity));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    _firstBuffers.Return(buffer);
                    buffer = bigger;
                    continue;
                }

                var read = await content.ReadAsync(buffer.AsMemory(length, room - length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer, length, true);
                }

                length += read;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _firstBuffers.Return(buffer);
            throw;
        }
    }

    private ObjectStoreException Failure(Exception error, string operation, string? key) =>
        AzureBlobErrors.ToStoreException(error, _connection, Root, ContainerName, operation, key);
}
