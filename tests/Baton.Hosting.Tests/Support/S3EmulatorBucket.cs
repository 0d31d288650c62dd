using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Baton.Hosting.Tests.Support;

/// <summary>
/// The S3 server the storage tests also use: s3rver on 127.0.0.1:4568 (scripts/emulators.sh; BATON_TEST_S3_ENDPOINT
/// overrides), credentials S3RVER/S3RVER, bucket test-bucket. A plain SDK client looks at the bucket behind Baton's back.
/// </summary>
internal static class S3EmulatorBucket
{
    public const string Bucket = "test-bucket";

    private static readonly Lazy<Task> Ready = new(PrepareOnceAsync);

    public static string Endpoint => Environment.GetEnvironmentVariable("BATON_TEST_S3_ENDPOINT") is { Length: > 0 } endpoint ? endpoint.TrimEnd('/') : "http://127.0.0.1:4568";

    /// <summary>An aws connection to the emulator in JSON form: path-style, plain bodies, checksums only when required (docs/stores/s3.md).</summary>
    public static string ConnectionJson => JsonSerializer.Serialize(new
    {
        conn_type = "aws", login = "S3RVER", password = "S3RVER",
        extra = new
        {
            endpoint_url = Endpoint, region_name = "us-east-1", addressing_style = "path", disable_chunk_encoding = true,
            request_checksum_calculation = "when_required", response_checksum_validation = "when_required",
        },
    });

    /// <summary>Fails (never skips) when the server is down; creates the bucket when it is missing.</summary>
    public static Task EnsureReadyAsync(CancellationToken cancellationToken) => Ready.Value.WaitAsync(cancellationToken);

    public static AmazonS3Client Client() => new(new BasicAWSCredentials("S3RVER", "S3RVER"), new AmazonS3Config
    {
        ServiceURL = Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED, ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    /// <summary>The keys under a prefix (one page: the tests write a handful).</summary>
    public static async Task<List<string>> KeysAsync(string prefix, CancellationToken cancellationToken)
    {
        using var client = Client();
        var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix }, cancellationToken);
        return (page.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    public static async Task<byte[]> ReadAsync(string key, CancellationToken cancellationToken)
    {
        using var client = Client();
        using var response = await client.GetObjectAsync(Bucket, key, cancellationToken);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    public static async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        using var client = Client();
        await client.DeleteObjectAsync(Bucket, key, cancellationToken);
    }

    private static async Task PrepareOnceAsync()
    {
        using var client = Client();
        try
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket });
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }
        catch (Exception e) when (e is HttpRequestException or AmazonServiceException or TaskCanceledException)
        {
            throw new InvalidOperationException(
                $"The S3 emulator (s3rver) is not reachable at {Endpoint}: {e.Message}. Start it with scripts/emulators.sh " +
                "(source it, then start_emulators), or point BATON_TEST_S3_ENDPOINT at a running S3-compatible server.", e);
        }
    }
}
