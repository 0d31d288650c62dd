using System.Net;
using System.Runtime.CompilerServices;
using Google;
using Google.Apis.Requests;
using Google.Cloud.Storage.V1;
using GcsObject = Google.Apis.Storage.v1.Data.Object;

namespace Baton.Storage.Gcs;

/// <summary>
/// Objects in one Google Cloud Storage bucket, reached through one connection (<c>gs://conn_id@bucket</c>).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Writes are resumable uploads from the content stream as it comes (no length needed), sent in chunks of the
/// connection's <c>chunk_size</c>: one chunk is the most an upload holds in memory. The object exists only once the
/// last chunk is in, so a failed or cancelled upload leaves nothing (the session is cancelled too); the byte count the
/// server reports is checked against the bytes read, and a short object is deleted and reported.</item>
/// <item>Reads stream through a bounded pipe from the SDK's download, which checks the object's hash at the end.</item>
/// <item>Deletes of many objects go through the JSON API's batch endpoint, 100 at a time; when the endpoint has no batch
/// support (the emulator answers 501), they go one by one, eight at a time.</item>
/// <item>Transient faults are retried as <see cref="GcsRetryPolicy"/> says.</item>
/// </list>
/// </remarks>
internal sealed class GcsObjectStore : IObjectStore, IDisposable
{
    /// <summary>The most requests one batch may carry (the JSON API's limit).</summary>
    public const int MaxBatchSize = 100;

    /// <summary>The longest object name Cloud Storage takes, in UTF-8 bytes.</summary>
    public const int MaxKeyBytes = 1024;

    private const string ContentType = "application/octet-stream";
    private const int DownloadBufferSize = 1024 * 1024;
    private const int ParallelDeletes = 8;
    private readonly StorageClient _client;
    private readonly GcsConnectionSettings _settings;
    private volatile bool _batchUnsupported;

    /// <summary>Creates the store on a bucket with a client built for the connection.</summary>
    public GcsObjectStore(StorageClient client, GcsConnectionSettings settings, string bucket)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        _client = client;
        _settings = settings;
        Bucket = bucket;
        Root = $"{GcsObjectStoreProvider.Scheme}://{settings.ConnId}@{bucket}";
    }

    /// <inheritdoc />
    public string Root { get; }

    /// <summary>The bucket.</summary>
    public string Bucket { get; }

    /// <summary>The connection's settings.</summary>
    public GcsConnectionSettings Settings => _settings;

    /// <summary>The underlying client.</summary>
    public StorageClient Client => _client;

    /// <summary>Objects asked for per listing page (the JSON API returns at most 1000).</summary>
    public int ListPageSize { get; init; } = 1000;

    /// <summary>True once the endpoint has answered that it has no batch endpoint; deletes then go one by one.</summary>
    public bool BatchUnsupported => _batchUnsupported;

    /// <summary>Disposes the client.</summary>
    public void Dispose() => _client.Dispose();

    /// <inheritdoc />
    public async Task PutAsync(string key, Stream content, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(metadata);
        ValidateKey(key);
        var destination = new GcsObject
        {
            Bucket = Bucket,
            Name = key,
            ContentType = ContentType,
            Metadata = metadata.Count == 0 ? null : new Dictionary<string, string>(metadata, StringComparer.Ordinal),
        };
        var counted = new CountingReadStream(content);
        var upload = _client.CreateObjectUploader(destination, counted, new UploadObjectOptions { ChunkSize = _settings.ChunkSize });
        Uri? session = null;
        GcsUploadSessionHandler.SessionStarted.Value = uri => session = uri;
        Google.Apis.Upload.IUploadProgress progress;
        try
        {
            progress = await upload.UploadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await CancelSessionAsync(session).ConfigureAwait(false);
            throw;
        }
        finally
        {
            GcsUploadSessionHandler.SessionStarted.Value = null;
            GcsBackOffHandler.Forget(session);
        }

        if (progress.Status != Google.Apis.Upload.UploadStatus.Completed || upload.ResponseBody is not { } stored)
        {
            await CancelSessionAsync(session).ConfigureAwait(false);
            var error = progress.Exception;
            if (error is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException($"Writing object '{key}' to {Root} was cancelled.", error, cancellationToken);
            }

            if (error is ObjectStoreException)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }

            throw error is null
                ? ObjectStoreException.Failed(ObjectStoreFailureKind.Other, Root, $"writing object '{key}'", $"the upload ended as {progress.Status} after {progress.BytesSent} bytes")
                : GcsErrors.IsStoreError(error)
                    ? Wrap("writing", key, error)
                    : ObjectStoreException.Failed(ObjectStoreFailureKind.Other, Root, $"writing object '{key}'", $"the upload failed ({error.GetType().Name}: {error.Message})", error);
        }

        if (stored.Size is { } size && (long)size != counted.BytesRead)
        {
            // The GCS emulator finalizes a resumable upload at its first chunk: never keep a short object.
            await DeleteGenerationAsync(key, stored.Generation).ConfigureAwait(false);
            throw ObjectStoreException.Failed(ObjectStoreFailureKind.InvalidRequest, Root, $"writing object '{key}'",
                $"the store finalized the object with {size} bytes while {counted.BytesRead} had been read from the value, so the object was deleted. " +
                $"The GCS emulator keeps only the first chunk of a resumable upload: give its connection a chunk_size (now {_settings.ChunkSize}) at least as large as the largest value");
        }
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        GcsObject found;
        try
        {
            found = await _client.GetObjectAsync(Bucket, key, new GetObjectOptions { RetryOptions = GcsRetryPolicy.RequestRetries }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (GcsErrors.IsStoreError(e))
        {
            throw Wrap("reading", key, e);
        }

        var options = new DownloadObjectOptions { ChunkSize = DownloadBufferSize, Generation = found.Generation };
        return new GcsDownloadStream(
            (target, token) => _client.DownloadObjectAsync(found, target, options, token),
            e => GcsErrors.IsStoreError(e)
                ? Wrap("reading", key, e)
                : ObjectStoreException.Failed(ObjectStoreFailureKind.Other, Root, $"reading object '{key}'", $"{e.GetType().Name}: {e.Message}", e));
    }

    /// <inheritdoc />
    public async Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        try
        {
            var found = await _client.GetObjectAsync(Bucket, key, new GetObjectOptions { RetryOptions = GcsRetryPolicy.RequestRetries }, cancellationToken).ConfigureAwait(false);
            return InfoOf(found);
        }
        catch (GoogleApiException e) when (GcsErrors.IsNotFound(e) && !GcsErrors.IsMissingBucket(e))
        {
            return null;
        }
        catch (Exception e) when (GcsErrors.IsStoreError(e))
        {
            throw Wrap("reading the properties of", key, e);
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        try
        {
            await _client.DeleteObjectAsync(Bucket, key, new DeleteObjectOptions { RetryOptions = GcsRetryPolicy.RequestRetries }, cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleApiException e) when (GcsErrors.IsNotFound(e) && !GcsErrors.IsMissingBucket(e))
        {
            // Deleting a missing object is not an error (also when a retry follows a delete whose answer was lost).
        }
        catch (Exception e) when (GcsErrors.IsStoreError(e))
        {
            throw Wrap("deleting", key, e);
        }
    }

    /// <inheritdoc />
    public async Task DeleteManyAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var distinct = keys.Distinct(StringComparer.Ordinal).ToList();
        foreach (var key in distinct)
        {
            ValidateKey(key);
        }

        if (distinct.Count == 1 || (_batchUnsupported && distinct.Count > 0))
        {
            await DeleteEachAsync(distinct, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var batch in distinct.Chunk(MaxBatchSize))
        {
            if (_batchUnsupported)
            {
                await DeleteEachAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await DeleteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var options = new ListObjectsOptions
        {
            PageSize = ListPageSize,
            RetryOptions = GcsRetryPolicy.RequestRetries,
            Fields = "items(name,size,updated,timeCreated,metadata),nextPageToken",
        };
        await using var pages = _client.ListObjectsAsync(Bucket, prefix.Length == 0 ? null : prefix, options).AsRawResponses().GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            Google.Apis.Storage.v1.Data.Objects page;
            try
            {
                if (!await pages.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }

                page = pages.Current;
            }
            catch (Exception e) when (GcsErrors.IsStoreError(e))
            {
                throw Failed($"listing objects under '{prefix}'", e);
            }

            foreach (var item in page.Items ?? [])
            {
                yield return InfoOf(item);
            }
        }
    }

    private async Task DeleteEachAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = ParallelDeletes, CancellationToken = cancellationToken },
            async (key, token) => await DeleteAsync(key, token).ConfigureAwait(false)).ConfigureAwait(false);

    private async Task DeleteBatchAsync(string[] keys, CancellationToken cancellationToken)
    {
        var batch = _settings.BatchUri is { } uri ? new BatchRequest(_client.Service, uri.AbsoluteUri) : new BatchRequest(_client.Service);
        var retry = new List<string>();
        var failed = new List<(string Key, string Why)>();
        foreach (var key in keys)
        {
            batch.Queue<string>(_client.Service.Objects.Delete(Bucket, key), (_, error, _, response) =>
            {
                if (error is null || response.StatusCode == HttpStatusCode.NotFound && !(error.Message ?? "").Contains("bucket", StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }

                var status = (int)response.StatusCode;
                lock (retry)
                {
                    // A transient answer inside the batch is retried one by one, with the retry policy's back-off.
                    if (status is 408 or 429 or >= 500)
                    {
                        retry.Add(key);
                    }
                    else
                    {
                        failed.Add((key, $"HTTP {status} {error.Message}"));
                    }
                }
            });
        }

        try
        {
            await batch.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (GcsErrors.IsStoreError(e) && GcsErrors.StatusOf(e) is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented
            && !GcsErrors.IsMissingBucket(e))
        {
            // The endpoint has no batch support (the emulator answers 501): delete one by one from now on.
            _batchUnsupported = true;
            await DeleteEachAsync(keys, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (GcsErrors.IsStoreError(e) && GcsErrors.StatusOf(e) is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError)
        {
            // The batch as a whole failed transiently: the deletes one by one retry with the back-off.
            await DeleteEachAsync(keys, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (GcsErrors.IsStoreError(e))
        {
            throw Failed($"deleting {keys.Length} objects (first '{keys[0]}') in a batch", e);
        }

        if (failed.Count > 0)
        {
            throw ObjectStoreException.Failed(ObjectStoreFailureKind.Other, Root, $"deleting {keys.Length} objects",
                $"{failed.Count} of them were refused: {string.Join("; ", failed.Take(5).Select(f => $"'{f.Key}' ({f.Why})"))}");
        }

        if (retry.Count > 0)
        {
            await DeleteEachAsync(retry, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeleteGenerationAsync(string key, long? generation)
    {
        try
        {
            await _client.DeleteObjectAsync(Bucket, key, new DeleteObjectOptions { Generation = generation, RetryOptions = GcsRetryPolicy.RequestRetries }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (GcsErrors.IsStoreError(e))
        {
            // Best effort: the caller reports the short write, which is the error that matters.
        }
    }

    private async Task CancelSessionAsync(Uri? session)
    {
        if (session is null)
        {
            return;
        }

        // Cancelling the resumable session frees it at once (GCS answers 499); unfinished sessions never become objects anyway.
        try
        {
            using var response = await _client.Service.HttpClient.DeleteAsync(session, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            // Best effort: the upload's own error is what the caller needs.
        }
    }

    private static ObjectInfo InfoOf(GcsObject item) => new(
        item.Name,
        (long)(item.Size ?? 0),
        item.UpdatedDateTimeOffset ?? item.TimeCreatedDateTimeOffset ?? DateTimeOffset.MinValue,
        item.Metadata is { Count: > 0 } metadata ? new Dictionary<string, string>(metadata, StringComparer.Ordinal) : new Dictionary<string, string>());

    private void ValidateKey(string key)
    {
        try
        {
            ObjectKeys.Validate(key);
        }
        catch (ArgumentException e)
        {
            throw new ObjectStoreException(ObjectStoreFailureKind.InvalidRequest, $"Refusing {Root}: {e.Message}", innerException: e);
        }

        var bytes = System.Text.Encoding.UTF8.GetByteCount(key);
        if (bytes > MaxKeyBytes)
        {
            throw new ObjectStoreException(ObjectStoreFailureKind.InvalidRequest, $"Refusing {Root}: object key '{key[..64]}…' is {bytes} bytes long; Cloud Storage allows {MaxKeyBytes}");
        }
    }

    private ObjectStoreException Wrap(string action, string key, Exception error) =>
        GcsErrors.IsNotFound(error) && !GcsErrors.IsMissingBucket(error)
            ? new ObjectNotFoundException(Root, key)
            : Failed($"{action} object '{key}'", error);

    private ObjectStoreException Failed(string operation, Exception error)
    {
        var (kind, reason) = GcsErrors.Classify(error, _settings, Bucket);
        return ObjectStoreException.Failed(kind, Root, operation, reason, error);
    }
}
