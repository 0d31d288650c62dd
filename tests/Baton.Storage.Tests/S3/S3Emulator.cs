using Amazon.S3;
using Amazon.S3.Model;
using Baton.Connections;
using Baton.Storage.S3;
using Baton.Testing;

namespace Baton.Storage.Tests.S3;

/// <summary>
/// The S3 emulator (see <see cref="S3EmulatorSettings"/>) as the storage tests use it: connections through Baton's own
/// settings and client, the bucket made ready once per run, and what the server can and cannot do.
/// </summary>
public static class S3Emulator
{
    public const string Bucket = S3EmulatorSettings.Bucket;
    public const string ConnId = "s3_suite";

    private static readonly Lazy<Task> Ready = new(PrepareOnceAsync);

    public static Connection Connection(string connId = ConnId, string? secretKey = null, string? endpoint = null, IDictionary<string, object>? extra = null, string? accessKey = null) =>
        Baton.Connections.Connection.Parse(connId, S3EmulatorSettings.ConnectionJson(secretKey, endpoint, extra, accessKey));

    /// <summary>Settings for the store's code paths that take them directly.</summary>
    internal static S3ConnectionSettings Settings(IDictionary<string, object>? extra = null) => S3ConnectionSettings.FromConnection(Connection(extra: extra));

    /// <summary>A client with the right credentials, to look at the bucket behind the code under test.</summary>
    internal static AmazonS3Client AdminClient() => S3ClientFactory.Create(Settings());

    /// <summary>
    /// Fails (never skips) when the server is down; creates the bucket when missing (once per run). Skips only when
    /// BATON_TEST_STORES narrows the run to other stores.
    /// </summary>
    public static Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        Assert.SkipUnless(StoreTargets.Selected.Any(t => t.Name == "s3"), $"{StoreTargets.Variable} does not select s3");
        return Ready.Value.WaitAsync(cancellationToken);
    }

    /// <summary>Keys under a prefix, read with the admin client.</summary>
    public static async Task<List<string>> KeysAsync(string prefix)
    {
        using var client = AdminClient();
        var keys = new List<string>();
        string? token = null;
        do
        {
            var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix, ContinuationToken = token });
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return keys;
    }

    public const string NoV2PagingReason =
        "this s3rver cannot page ListObjectsV2: its continuation tokens use DES, which Node 17+ (OpenSSL 3) refuses, so every truncated V2 " +
        "listing answers InternalError. Start s3rver with NODE_OPTIONS=--openssl-legacy-provider to run this test (V1 paging is tested regardless).";

    private static readonly Lazy<Task<bool>> V2Paging = new(ProbeV2PagingAsync);

    /// <summary>True when the server answers a truncated ListObjectsV2 (s3rver 3.7 on Node 17+ does not, see <see cref="NoV2PagingReason"/>).</summary>
    public static Task<bool> PagesListObjectsV2Async() => V2Paging.Value;

    private static async Task<bool> ProbeV2PagingAsync()
    {
        await Ready.Value;
        using var client = AdminClient();
        foreach (var name in new[] { "a", "b" })
        {
            await client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = $"s3-tests/v2-paging-probe/{name}", ContentBody = name });
        }

        try
        {
            var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = "s3-tests/v2-paging-probe/", MaxKeys = 1 });
            return page.IsTruncated == true && page.NextContinuationToken is { Length: > 0 };
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "InternalError")
        {
            return false;
        }
    }

    private static async Task PrepareOnceAsync()
    {
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
        {
            try
            {
                using var response = await http.GetAsync(S3EmulatorSettings.Endpoint + "/");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                throw S3EmulatorSettings.NotReachable(e);
            }
        }

        using var client = AdminClient();
        try
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket });
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }
    }
}
