using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Baton.Testing;

namespace Baton.Web.BrowserTests.Support;

/// <summary>The S3 emulator's bucket (see <see cref="S3EmulatorSettings"/>) through a plain SDK client, behind Baton's back.</summary>
internal static class S3EmulatorBucket
{
    /// <summary>Creates the bucket when it is missing; fails (never skips) when the server is down.</summary>
    public static async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        using var client = Client();
        try
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = S3EmulatorSettings.Bucket }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }
        catch (Exception e) when (e is HttpRequestException or AmazonServiceException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw S3EmulatorSettings.NotReachable(e);
        }
    }

    /// <summary>The keys under a prefix (one page: a test writes a handful).</summary>
    public static async Task<List<string>> KeysAsync(string prefix, CancellationToken cancellationToken)
    {
        using var client = Client();
        var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = S3EmulatorSettings.Bucket, Prefix = prefix }, cancellationToken);
        return (page.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    /// <summary>Deletes the objects under a prefix the test wrote to (its own, unique one).</summary>
    public static async Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        using var client = Client();
        foreach (var key in await KeysAsync(prefix, cancellationToken))
        {
            await client.DeleteObjectAsync(S3EmulatorSettings.Bucket, key, cancellationToken);
        }
    }

    private static AmazonS3Client Client() => new(new BasicAWSCredentials(S3EmulatorSettings.AccessKey, S3EmulatorSettings.SecretKey), new AmazonS3Config
    {
        ServiceURL = S3EmulatorSettings.Endpoint, ForcePathStyle = true, AuthenticationRegion = S3EmulatorSettings.Region,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED, ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });
}
