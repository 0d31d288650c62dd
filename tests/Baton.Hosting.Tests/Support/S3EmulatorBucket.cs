using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Baton.Testing;

namespace Baton.Hosting.Tests.Support;

/// <summary>
/// The bucket of the S3 emulator the storage tests also use (see <see cref="S3EmulatorSettings"/>), through a plain SDK
/// client that looks at it behind Baton's back.
/// </summary>
internal static class S3EmulatorBucket
{
    private static readonly Lazy<Task> Ready = new(PrepareOnceAsync);

    /// <summary>Fails (never skips) when the server is down; creates the bucket when it is missing.</summary>
    public static Task EnsureReadyAsync(CancellationToken cancellationToken) => Ready.Value.WaitAsync(cancellationToken);

    public static AmazonS3Client Client() => new(new BasicAWSCredentials(S3EmulatorSettings.AccessKey, S3EmulatorSettings.SecretKey), new AmazonS3Config
    {
        ServiceURL = S3EmulatorSettings.Endpoint, ForcePathStyle = true, AuthenticationRegion = S3EmulatorSettings.Region,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED, ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    /// <summary>The keys under a prefix (one page: the tests write a handful).</summary>
    public static async Task<List<string>> KeysAsync(string prefix, CancellationToken cancellationToken)
    {
        using var client = Client();
        var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = S3EmulatorSettings.Bucket, Prefix = prefix }, cancellationToken);
        return (page.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    public static async Task<byte[]> ReadAsync(string key, CancellationToken cancellationToken)
    {
        using var client = Client();
        using var response = await client.GetObjectAsync(S3EmulatorSettings.Bucket, key, cancellationToken);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    public static async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        using var client = Client();
        await client.DeleteObjectAsync(S3EmulatorSettings.Bucket, key, cancellationToken);
    }

    private static async Task PrepareOnceAsync()
    {
        using var client = Client();
        try
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = S3EmulatorSettings.Bucket });
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }
        catch (Exception e) when (e is HttpRequestException or AmazonServiceException or TaskCanceledException)
        {
            throw S3EmulatorSettings.NotReachable(e);
        }
    }
}
