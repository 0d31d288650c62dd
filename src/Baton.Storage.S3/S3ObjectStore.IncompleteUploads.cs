using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace Baton.Storage.S3;

/// <summary>The incomplete multipart uploads a killed write leaves (ListMultipartUploads, ListParts, AbortMultipartUpload).</summary>
internal sealed partial class S3ObjectStore
{
    /// <inheritdoc />
    /// <remarks>
    /// ListMultipartUploads under the prefix, page by page; an upload's last activity is the newest of its start and its
    /// parts (ListParts), so a long upload that is still sending parts is not taken for a dead one.
    /// </remarks>
    /// <exception cref="ObjectStoreException">The endpoint does not implement the call (s3rver answers 501), or it failed.</exception>
    public async IAsyncEnumerable<IncompleteUpload> ListIncompleteUploadsAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        string? keyMarker = null;
        string? uploadIdMarker = null;
        while (true)
        {
            ListMultipartUploadsResponse page;
            try
            {
                page = await Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest
                {
                    BucketName = Bucket,
                    Prefix = prefix.Length == 0 ? null : prefix,
                    KeyMarker = keyMarker,
                    UploadIdMarker = uploadIdMarker,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.NotImplemented or HttpStatusCode.MethodNotAllowed)
            {
                throw new ObjectStoreException(ObjectStoreFailureKind.NotSupported,
                    $"{Root} does not implement ListMultipartUploads (HTTP {(int)e.StatusCode} {e.ErrorCode}), so its incomplete multipart uploads cannot be " +
                    "listed or aborted by Baton; on AWS S3 a lifecycle rule (AbortIncompleteMultipartUpload) removes them.", innerException: e);
            }
            catch (Exception e) when (S3Failures.IsStoreFailure(e, cancellationToken))
            {
                throw S3Failures.Wrap($"listing incomplete multipart uploads under '{prefix}'", e, this, "s3:ListBucketMultipartUploads");
            }

            foreach (var upload in page.MultipartUploads ?? [])
            {
                var started = Utc(upload.Initiated);
                var (lastPart, size) = await LastPartAsync(upload.Key, upload.UploadId, cancellationToken).ConfigureAwait(false);
                yield return new IncompleteUpload(upload.Key, upload.UploadId, lastPart > started ? lastPart : started, size);
            }

            if (page.IsTruncated != true || (string.IsNullOrEmpty(page.NextKeyMarker) && string.IsNullOrEmpty(page.NextUploadIdMarker)))
            {
                yield break;
            }

            keyMarker = page.NextKeyMarker;
            uploadIdMarker = page.NextUploadIdMarker;
        }
    }

    /// <inheritdoc />
    public async Task AbortIncompleteUploadAsync(IncompleteUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        Validate(upload.Key);
        try
        {
            await Client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Bucket, Key = upload.Key, UploadId = upload.UploadId }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (string.Equals(e.ErrorCode, "NoSuchUpload", StringComparison.OrdinalIgnoreCase))
        {
            // Completed or aborted meanwhile: nothing is left of it.
        }
        catch (Exception e) when (S3Failures.IsStoreFailure(e, cancellationToken))
        {
            throw S3Failures.Wrap($"aborting the multipart upload {upload.UploadId} of object '{upload.Key}'", e, this, "s3:AbortMultipartUpload");
        }
    }

    /// <summary>When the upload's newest part arrived and the bytes its parts hold (MinValue and 0 when it has none, or they cannot be listed).</summary>
    private async Task<(DateTimeOffset LastPart, long Size)> LastPartAsync(string key, string uploadId, CancellationToken cancellationToken)
    {
        var last = DateTimeOffset.MinValue;
        long size = 0;
        string? marker = null;
        try
        {
            while (true)
            {
                var parts = await Client.ListPartsAsync(new ListPartsRequest { BucketName = Bucket, Key = key, UploadId = uploadId, PartNumberMarker = marker }, cancellationToken)
                    .ConfigureAwait(false);
                foreach (var part in parts.Parts ?? [])
                {
                    var modified = Utc(part.LastModified);
                    last = modified > last ? modified : last;
                    size += part.Size ?? 0;
                }

                if (parts.IsTruncated != true || parts.NextPartNumberMarker is null)
                {
                    return (last, size);
                }

                marker = parts.NextPartNumberMarker.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        catch (AmazonS3Exception e) when (string.Equals(e.ErrorCode, "NoSuchUpload", StringComparison.OrdinalIgnoreCase) || e.StatusCode is HttpStatusCode.NotImplemented)
        {
            // Gone meanwhile, or an endpoint without ListParts: the upload's start time is all there is.
            return (last, size);
        }
        catch (Exception e) when (S3Failures.IsStoreFailure(e, cancellationToken))
        {
            throw S3Failures.Wrap($"listing the parts of multipart upload {uploadId} of object '{key}'", e, this, "s3:ListMultipartUploadParts");
        }
    }
}
