using System.Runtime.ExceptionServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Baton.Storage.S3;

/// <summary>
/// One multipart upload of a stream of unknown length: Initiate, then UploadPart for each part as it is read (up to
/// <see cref="S3ConnectionSettings.MaxConcurrency"/> at once), then Complete; on any failure or cancellation the upload is
/// aborted, so S3 keeps neither an object nor the parts.
/// </summary>
internal sealed class S3MultipartUpload
{
    /// <summary>The most parts one upload may have.</summary>
    public const int MaxParts = 10_000;

    private readonly S3ObjectStore _store;
    private readonly string _key;
    private readonly bool _checksums;
    private string? _uploadId;

    /// <summary>Prepares the upload of <paramref name="key"/>; nothing is sent yet.</summary>
    public S3MultipartUpload(S3ObjectStore store, string key)
    {
        _store = store;
        _key = key;
        // With checksums on (the SDK's default), each part carries a CRC32 and the upload is declared as CRC32 so S3 keeps
        // a composite checksum; with "when_required" (S3-compatible servers), none is sent.
        _checksums = store.Client.Config.RequestChecksumCalculation == RequestChecksumCalculation.WHEN_SUPPORTED;
    }

    /// <summary>Uploads <paramref name="first"/> (full) and the rest of <paramref name="source"/>.</summary>
    /// <exception cref="ObjectStoreException">A request failed past the retries, or the object needs more than 10,000 parts.</exception>
    public async Task RunAsync(PartBuffer first, Stream source, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        using var stopParts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new List<Task<PartETag>>();
        var uploaded = new List<PartETag>();
        PartBuffer? next = first;
        try
        {
            await InitiateAsync(metadata, cancellationToken).ConfigureAwait(false);
            for (var number = 1; next is not null; number++)
            {
                var part = next;
                next = null;
                if (number > MaxParts)
                {
                    part.Dispose();
                    throw ObjectStoreException.Failed(ObjectStoreFailureKind.InvalidRequest, _store.Root, $"writing object '{_key}'",
                        $"it needs more than {MaxParts} parts of {_store.Settings.PartSize} bytes; raise the connection's multipart_chunksize");
                }

                while (inFlight.Count >= _store.Settings.MaxConcurrency)
                {
                    var finished = await Task.WhenAny(inFlight).ConfigureAwait(false);
                    inFlight.Remove(finished);
                    uploaded.Add(await finished.ConfigureAwait(false));
                }

                var more = part.IsFull;
                inFlight.Add(UploadPartAsync(number, part, stopParts));
                if (more)
                {
                    next = await ReadNextAsync(source, inFlight, stopParts.Token, cancellationToken).ConfigureAwait(false);
                }
            }

            uploaded.AddRange(await WhenAllAsync(inFlight).ConfigureAwait(false));
            inFlight.Clear();
            await CompleteAsync(uploaded, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Stop the other parts, wait for them, then abort: an abort racing a part still being sent may leave that part.
            next?.Dispose();
            await stopParts.CancelAsync().ConfigureAwait(false);
            await ((Task)Task.WhenAll(inFlight)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var abortFailure = await AbortAsync().ConfigureAwait(false);
            if (abortFailure is not null && e is ObjectStoreException)
            {
                var failure = (ObjectStoreException)e;
                throw new ObjectStoreException(failure.Kind, $"{e.Message} Aborting its multipart upload failed too ({abortFailure}); a bucket lifecycle rule " +
                    "(AbortIncompleteMultipartUpload) removes such leftovers.", failure.Reason, e);
            }

            throw;
        }
    }

    private async Task InitiateAsync(IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var request = new InitiateMultipartUploadRequest { BucketName = _store.Bucket, Key = _key, ContentType = "application/octet-stream" };
        if (_checksums)
        {
            request.ChecksumAlgorithm = ChecksumAlgorithm.CRC32;
        }

        S3ObjectStore.AddMetadata(request.Metadata, metadata);
        try
        {
            _uploadId = (await _store.Client.InitiateMultipartUploadAsync(request, cancellationToken).ConfigureAwait(false)).UploadId;
        }
        catch (Exception e) when (S3Failures.IsStoreFailure(e, cancellationToken))
        {
            throw S3Failures.Wrap($"writing object '{_key}'", e, _store, "s3:PutObject", "starting its multipart upload");
        }
    }

    private async Task<PartETag> UploadPartAsync(int number, PartBuffer part, CancellationTokenSource stopParts)
    {
        using (part)
        {
            var request = new UploadPartRequest
            {
                BucketName = _store.Bucket,
                Key = _key,
                UploadId = _uploadId,
                PartNumber = number,
                PartSize = part.Length,
                InputStream = part.OpenRead(),
                IsLastPart = !part.IsFull,
            };
            if (_checksums)
            {
                request.ChecksumAlgorithm = ChecksumAlgorithm.CRC32;
            }

            try
            {
                return new PartETag(await _store.Client.UploadPartAsync(request, stopParts.Token).ConfigureAwait(false), copyChecksums: _checksums);
            }
            catch (Exception e) when (S3Failures.IsStoreFailure(e, stopParts.Token))
            {
                await stopParts.CancelAsync().ConfigureAwait(false);
                throw S3Failures.Wrap($"writing object '{_key}'", e, _store, "s3:PutObject", $"its part {number}");
            }
        }
    }

    private async Task<PartBuffer?> ReadNextAsync(Stream source, List<Task<PartETag>> inFlight, CancellationToken stop, CancellationToken cancellationToken)
    {
        try
        {
            var part = await PartBuffer.FillAsync(_store.PartPool, source, (int)_store.Settings.PartSize, (int)_store.Settings.PartSize, stop).ConfigureAwait(false);
            if (part.Length > 0)
            {
                return part;
            }

            part.Dispose();
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && inFlight.Find(t => t.IsFaulted) is { } failed)
        {
            // Reading stopped because a part failed: report that part's failure, not the cancellation.
            await failed.ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<PartETag[]> WhenAllAsync(List<Task<PartETag>> parts)
    {
        await ((Task)Task.WhenAll(parts)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // A failed part cancels its siblings: report the failure, not a sibling's cancellation.
        if (parts.Find(t => t.IsFaulted) is { } failed)
        {
            ExceptionDispatchInfo.Throw(failed.Exception!.InnerException!);
        }

        return await Task.WhenAll(parts).ConfigureAwait(false);
    }

    private async Task CompleteAsync(List<PartETag> parts, CancellationToken cancellationToken)
    {
        var request = new CompleteMultipartUploadRequest
        {
            BucketName = _store.Bucket,
            Key = _key,
            UploadId = _uploadId,
            PartETags = parts.OrderBy(p => p.PartNumber).ToList(),
        };
        try
        {
            await _store.Client.CompleteMultipartUploadAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (S3Failures.IsStoreFailure(e, cancellationToken))
        {
            throw S3Failures.Wrap($"writing object '{_key}'", e, _store, "s3:PutObject", $"completing its multipart upload of {parts.Count} parts");
        }
    }

    /// <summary>Aborts the upload, if one was started; returns why that failed, or null.</summary>
    private async Task<string?> AbortAsync()
    {
        if (_uploadId is null)
        {
            return null;
        }

        try
        {
            // Not cancellable: a cancelled write must still remove its parts.
            await _store.Client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _store.Bucket, Key = _key, UploadId = _uploadId }, CancellationToken.None)
                .ConfigureAwait(false);
            return null;
        }
        catch (AmazonS3Exception e) when (string.Equals(e.ErrorCode, "NoSuchUpload", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        catch (Exception e) when (S3Failures.IsStoreFailure(e, CancellationToken.None))
        {
            return $"upload id {_uploadId}: {S3Failures.Classify(e, _store.Settings, _store.Bucket, "s3:AbortMultipartUpload").Reason}";
        }
    }
}
