using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace Baton.Storage.S3;

/// <summary>
/// Objects in one S3 bucket (<c>s3://conn_id@bucket</c>). Writes of any length stream through bounded part buffers: a value
/// smaller than one part is one PutObject, a larger one a multipart upload that is aborted when anything fails, so a
/// reader never sees half an object. Reads stream the body and resume after a dropped connection.
/// </summary>
/// <remarks>
/// Every request goes through the SDK's retry policy (see <see cref="S3ClientFactory"/>); a failure that outlives it
/// becomes an <see cref="ObjectStoreException"/> naming the store, the key and the cause (<see cref="S3Failures"/>). The
/// store owns its client: disposing the store disposes it.
/// </remarks>
internal sealed partial class S3ObjectStore : IObjectStore, IIncompleteUploadStore, IDisposable
{
    /// <summary>The longest key S3 takes, in UTF-8 bytes.</summary>
    public const int MaxKeyBytes = 1024;

    private const string MetadataHeaderPrefix = "x-amz-meta-";
    private const string ContentType = "application/octet-stream";
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    /// <summary>Creates the store on a bucket.</summary>
    public S3ObjectStore(IAmazonS3 client, string root, string bucket, S3ConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentNullException.ThrowIfNull(settings);
        Client = client;
        Root = root;
        Bucket = bucket;
        Settings = settings;
        PartPool = PartBuffer.CreatePool(settings.PartSize, settings.MaxConcurrency + 2);
    }

    /// <inheritdoc />
    public string Root { get; }

    /// <summary>The bucket.</summary>
    public string Bucket { get; }

    /// <summary>The connection's settings.</summary>
    public S3ConnectionSettings Settings { get; }

    /// <summary>The SDK client.</summary>
    public IAmazonS3 Client { get; }

    /// <summary>The arrays the uploads' parts are read into.</summary>
    public ArrayPool<byte> PartPool { get; }

    /// <summary>Keys per ListObjectsV2 page (at most 1000; smaller in tests to exercise paging).</summary>
    public int ListPageSize { get; init; } = 1000;

    /// <summary>Keys per DeleteObjects call (at most 1000, S3's limit; smaller in tests to exercise batching).</summary>
    public int DeleteBatchSize { get; init; } = 1000;

    /// <inheritdoc />
    /// <remarks>
    /// Reads one part (<c>multipart_chunksize</c>, 8 MiB by default) into memory; if the content ends within it, sends one
    /// PutObject, otherwise a multipart upload with up to <c>max_concurrency</c> parts in flight, so memory stays below
    /// (<c>max_concurrency</c> + 1) parts whatever the length. A failed or cancelled multipart upload is aborted.
    /// </remarks>
    public async Task PutAsync(string key, Stream content, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(metadata);
        Validate(key);
        var first = await PartBuffer.FillAsync(PartPool, content, PartBuffer.InitialSize, (int)Settings.PartSize, cancellationToken).ConfigureAwait(false);
        if (first.IsFull)
        {
            await new S3MultipartUpload(this, key).RunAsync(first, content, metadata, cancellationToken).ConfigureAwait(false);
            return;
        }

        using (first)
        {
            var request = new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = first.OpenRead(), ContentType = ContentType };
            AddMetadata(request.Metadata, metadata);
            try
            {
                await Client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (S3Failures.IsStoreFailure(e, cancellationToken))
            {
                throw S3Failures.Wrap($"writing object '{key}'", e, this, "s3:PutObject");
            }
        }
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        Validate(key);
        var response = await GetAsync(key, null, cancellationToken).ConfigureAwait(false);
        return new S3ReadStream(this, key, response);
    }

    /// <summary>GetObject, from <paramref name="resume"/>'s offset and only while the ETag matches when given.</summary>
    /// <exception cref="ObjectNotFoundException">There is no object at the key.</exception>
    /// <exception cref="ObjectStoreException">The read failed, or the object changed since the first read.</exception>
    public async Task<GetObjectResponse> GetAsync(string key, (long Offset, long Length, string? ETag)? resume, CancellationToken cancellationToken)
    {
        var request = new GetObjectRequest { BucketName = Bucket, Key = key };
        if (resume is { } from)
        {
            request.ByteRange = new ByteRange(from.Offset, from.Length - 1);
            request.EtagToMatch = from.ETag;
        }

        try
        {
            return await Client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (IsMissingObject(e))
        {
            throw new ObjectNotFoundException(Root, key);
        }
        catch (AmazonS3Exception e) when (resume is not null && e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            throw ObjectStoreException.Failed(ObjectStoreFailureKind.Conflict, Root, $"reading object '{key}'", "the object was replaced while it was being read", e);
        }
        catch (Exception e) when (S3Failures.IsStoreFailure(e, cancellationToken))
        {
            throw S3Failures.Wrap($"reading object '{key}'", e, this, "s3:GetObject");
        }
    }

    /// <inheritdoc />
    public async Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken = default)
    {
        Validate(key);
        try
        {
            var response = await Client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in response.Metadata.Keys)
            {
                var plain = name.StartsWith(MetadataHeaderPrefix, StringComparison.OrdinalIgnoreCase) ? name[MetadataHeaderPrefix.Length..] : name;
                metadata[plain.ToLowerInvariant()] = response.Metadata[name];
            }

            return new ObjectInfo(key, response.ContentLength, Utc(response.LastModified), metadata);
        }
        catch (AmazonS3Exception e) when (IsMissingObject(e))
        {
            return null;
        }
        catch (Exception e) when (S3Failures.IsStoreFailure(e, cancellationToken))
        {
            throw S3Failures.Wrap($"reading the properties of object '{key}'", e, this, "s3:GetObject");
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        Validate(key);
        try
        {
            await Client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = key }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (IsMissingObject(e))
        {
            // Deleting a missing object is not an error (S3 itself answers 204; some compatible servers answer 404).
        }
        catch (Exception e) when (S3Failures.IsStoreFailure(e, cancellationToken))
        {
            throw S3Failures.Wrap($"deleting object '{key}'", e, this, "s3:DeleteObject");
        }
    }

    /// <inheritdoc />
    /// <remarks>DeleteObjects in batches of 1000 keys; keys already missing are not errors.</remarks>
    public async Task DeleteManyAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var distinct = keys.Distinct(StringComparer.Ordinal).ToList();
        distinct.ForEach(Validate);
        foreach (var batch in distinct.Chunk(DeleteBatchSize))
        {
            var request = new DeleteObjectsRequest
            {
                BucketName = Bucket,
                Quiet = true,
                Objects = batch.Select(k => new KeyVersion { Key = k }).ToList(),
            };
            List<DeleteError>? errors;
            try
            {
                errors = (await Client.DeleteObjectsAsync(request, cancellationToken).ConfigureAwait(false)).DeleteErrors;
            }
            catch (DeleteObjectsException e)
            {
                errors = e.Response?.DeleteErrors;
            }
            catch (Exception e) when (S3Failures.IsStoreFailure(e, cancellationToken))
            {
                throw S3Failures.Wrap($"deleting {batch.Length} objects (first '{batch[0]}')", e, this, "s3:DeleteObject");
            }

            var failed = (errors ?? []).Where(e => !string.Equals(e.Code, "NoSuchKey", StringComparison.OrdinalIgnoreCase)).ToList();
            if (failed.Count > 0)
            {
                var listed = string.Join("; ", failed.Take(5).Select(e => $"'{e.Key}': {e.Code} {e.Message}".TrimEnd()));
                throw ObjectStoreException.Failed(
                    failed.All(e => string.Equals(e.Code, "AccessDenied", StringComparison.OrdinalIgnoreCase)) ? ObjectStoreFailureKind.AccessDenied : ObjectStoreFailureKind.Other,
                    Root, $"deleting {batch.Length} objects", $"{failed.Count} of them were refused: {listed}{(failed.Count > 5 ? "; …" : "")}");
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// ListObjectsV2 page by page (<see cref="ListPageSize"/> keys each), or ListObjects (V1, paged by marker) when the
    /// connection sets <c>list_version: 1</c>; listings carry no metadata.
    /// </remarks>
    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        string? next = null;
        do
        {
            var (objects, truncated, continuation) = await ListPageAsync(prefix, next, cancellationToken).ConfigureAwait(false);
            foreach (var item in objects)
            {
                yield return new ObjectInfo(item.Key, item.Size ?? 0, Utc(item.LastModified), NoMetadata);
            }

            next = truncated ? continuation : null;
        }
        while (!string.IsNullOrEmpty(next));
    }

    /// <inheritdoc />
    public override string ToString() => Root;

    /// <summary>Disposes the client.</summary>
    public void Dispose() => Client.Dispose();

    /// <summary>Checks a key as every store does (no empty, <c>.</c> or <c>..</c> segment, no control character).</summary>
    /// <exception cref="ObjectStoreException">The key is unsafe.</exception>
    public void Validate(string key)
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
            throw new ObjectStoreException(ObjectStoreFailureKind.InvalidRequest, $"Refusing {Root}: object key '{key[..64]}…' is {bytes} bytes long; S3 allows {MaxKeyBytes}");
        }
    }

    /// <summary>Copies metadata to the request's (the SDK adds the <c>x-amz-meta-</c> prefix).</summary>
    public static void AddMetadata(MetadataCollection target, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(metadata);
        foreach (var (name, value) in metadata)
        {
            target.Add(name.ToLowerInvariant(), value);
        }
    }

    private async Task<(List<S3Object> Objects, bool Truncated, string? Next)> ListPageAsync(string prefix, string? next, CancellationToken cancellationToken)
    {
        try
        {
            if (Settings.ListVersion == 1)
            {
                var page = await Client.ListObjectsAsync(new ListObjectsRequest
                {
                    BucketName = Bucket,
                    Prefix = prefix,
                    MaxKeys = ListPageSize,
                    Marker = next,
                }, cancellationToken).ConfigureAwait(false);
                // Without a delimiter S3 sends no NextMarker: the next page starts after the last key.
                var objects = page.S3Objects ?? [];
                return (objects, page.IsTruncated == true, page.NextMarker ?? objects.LastOrDefault()?.Key);
            }

            var pageV2 = await Client.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = Bucket,
                Prefix = prefix,
                MaxKeys = ListPageSize,
                ContinuationToken = next,
            }, cancellationToken).ConfigureAwait(false);
            return (pageV2.S3Objects ?? [], pageV2.IsTruncated == true, pageV2.NextContinuationToken);
        }
        catch (Exception e) when (S3Failures.IsStoreFailure(e, cancellationToken))
        {
            throw S3Failures.Wrap($"listing objects under '{prefix}'", e, this, "s3:ListBucket");
        }
    }

    private static bool IsMissingObject(AmazonS3Exception e) =>
        string.Equals(e.ErrorCode, "NoSuchKey", StringComparison.OrdinalIgnoreCase)
        || (e.StatusCode == HttpStatusCode.NotFound && !string.Equals(e.ErrorCode, "NoSuchBucket", StringComparison.OrdinalIgnoreCase));

    private static DateTimeOffset Utc(DateTime? time) =>
        time is { } t ? new DateTimeOffset(t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc), TimeSpan.Zero) : DateTimeOffset.MinValue;
}
