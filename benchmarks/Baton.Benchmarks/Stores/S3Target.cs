using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Baton.Benchmarks.Infrastructure;
using Baton.Connections;
using Baton.Storage.S3;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Benchmarks.Stores;

/// <summary>s3rver on 127.0.0.1:4568 (S3RVER/S3RVER), the connection the storage tests use (plain bodies, checksums only when required).</summary>
/// <param name="singleRequest">
/// The baseline puts a file with one PutObject instead of TransferUtility's multipart upload. s3rver assembles a multipart
/// upload by reading every part back and writing the object again, so on it any multipart upload (Baton's or the SDK's)
/// moves the bytes through its disk twice; this baseline shows what that costs.
/// </param>
internal sealed class S3Target(bool singleRequest = false) : StoreTarget
{
    private const string ConnId = "bench_s3";
    private const string Endpoint = "http://127.0.0.1:4568";
    private const string Key = "S3RVER";
    private AmazonS3Client? _client;

    public override string Name => "s3";

    public override string Baseline(bool file) => file && !singleRequest ? "TransferUtility" : "PutObject";

    public override bool LargeValuesOnly => singleRequest;

    private AmazonS3Client Client => _client ?? throw new InvalidOperationException("not prepared");

    public override async Task<Dictionary<string, string>> PrepareAsync(string prefix, CancellationToken cancellationToken)
    {
        var json = ConnectionText();
        // The client the provider builds for this connection (plain bodies, path style, checksums when required, its retries).
        _client = S3ClientFactory.Create(S3ObjectStoreProvider.SettingsFor(ConnectionJson.Parse(ConnId, json)));
        try
        {
            await Client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BATON__XCOM__PATH"] = $"s3://{ConnId}@{Bucket}/{prefix}",
            [ConnectionResolver.EnvironmentVariableName(ConnId)] = json,
        };
    }

    private static string ConnectionText() =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["conn_type"] = "aws",
            ["login"] = Key,
            ["password"] = Key,
            ["extra"] = new Dictionary<string, object>
            {
                ["endpoint_url"] = Endpoint,
                ["region_name"] = "us-east-1",
                ["addressing_style"] = "path",
                ["disable_chunk_encoding"] = true,
                ["request_checksum_calculation"] = "when_required",
                ["response_checksum_validation"] = "when_required",
            },
        });

    public override void ConfigureServices(IServiceCollection services) => services.AddBatonS3();

    public override async Task PutAsync(string key, string? file, byte[]? bytes, CancellationToken cancellationToken)
    {
        if (file is not null && !singleRequest)
        {
            // The SDK's own call for a file: multipart above 16 MB, its default part size and 10 parts at once.
            using var transfer = new TransferUtility(Client);
            await transfer.UploadAsync(new TransferUtilityUploadRequest { BucketName = Bucket, Key = key, FilePath = file }, cancellationToken);
            return;
        }

        var request = new PutObjectRequest { BucketName = Bucket, Key = key, UseChunkEncoding = false };
        if (file is not null)
        {
            request.FilePath = file;
        }
        else
        {
            request.InputStream = new MemoryStream(bytes!, writable: false);
        }

        await Client.PutObjectAsync(request, cancellationToken);
    }

    public override async Task<long> GetAsync(string key, string? file, CancellationToken cancellationToken)
    {
        using var response = await Client.GetObjectAsync(Bucket, key, cancellationToken);
        Stream target = file is null ? new MemoryStream() : FileSystem.CreateDestination(file);
        await using (target)
        {
            await response.ResponseStream.CopyToAsync(target, cancellationToken);
            return target.Length;
        }
    }

    public override Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        Client.DeleteObjectAsync(Bucket, key, cancellationToken);

    protected override void DisposeClient() => _client?.Dispose();

}
