using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Azure.Core;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Baton.Connections;
using Baton.Storage.Azure;
using Baton.Storage.Gcs;
using Baton.Storage.S3;
using Google.Cloud.Storage.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Benchmarks.Stores;

/// <summary>
/// One object store on its local emulator: the Baton settings that point the object-storage XCom backend at it, the
/// provider to register, and the bare SDK calls of the baseline (put a file or bytes, get to a file or bytes).
/// </summary>
internal abstract class StoreTarget : IAsyncDisposable
{
    /// <summary>The bucket (or container) every target writes to, created when missing.</summary>
    public const string Bucket = "baton-bench";

    public abstract string Name { get; }

    /// <summary>The SDK call the baseline puts with, for a file (large values) or bytes in memory (1 KB).</summary>
    public abstract string Baseline(bool file);

    /// <summary>True when the target measures only values of 64 MB and more (a second baseline for the same store).</summary>
    public virtual bool LargeValuesOnly => false;

    /// <summary>The largest value the emulator takes (the GCS emulator caps a request body at 130 MB).</summary>
    public virtual long MaxValueSize => long.MaxValue;

    /// <summary>Checks the emulator answers, creates the bucket, builds the SDK client; returns the Baton settings for <paramref name="prefix"/>.</summary>
    public abstract Task<Dictionary<string, string>> PrepareAsync(string prefix, CancellationToken cancellationToken);

    public abstract void ConfigureServices(IServiceCollection services);

    /// <summary>Bare SDK: the file's bytes (or <paramref name="bytes"/>) to object <paramref name="key"/>.</summary>
    public abstract Task PutAsync(string key, string? file, byte[]? bytes, CancellationToken cancellationToken);

    /// <summary>Bare SDK: object <paramref name="key"/> into a new file (or, with no file, into memory); returns the byte count.</summary>
    public abstract Task<long> GetAsync(string key, string? file, CancellationToken cancellationToken);

    public abstract Task DeleteAsync(string key, CancellationToken cancellationToken);

    public ValueTask DisposeAsync()
    {
        DisposeClient();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Disposes the SDK client, if any.</summary>
    protected virtual void DisposeClient()
    {
    }

    protected static FileStream CreateDestination(string path) =>
        new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);

    protected static FileStream OpenSource(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous | FileOptions.SequentialScan);
}

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
        Stream target = file is null ? new MemoryStream() : CreateDestination(file);
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

/// <summary>
/// The GCS emulator on 127.0.0.1:9199, no credentials. It keeps only the first chunk of a resumable upload, so chunk_size
/// (128 MiB) is above every value sent to it, and it caps a request body at 130 MB, so values stay at 100 MB or less.
/// </summary>
internal sealed class GcsTarget : StoreTarget
{
    private const string ConnId = "bench_gcs";
    private const string Endpoint = "http://127.0.0.1:9199";
    public const int ChunkSize = 128 * 1024 * 1024;
    private StorageClient? _client;

    public override string Name => "gcs";

    public override string Baseline(bool file) => "UploadObject";

    public override long MaxValueSize => 100 * 1024 * 1024;

    private StorageClient Client => _client ?? throw new InvalidOperationException("not prepared");

    public override async Task<Dictionary<string, string>> PrepareAsync(string prefix, CancellationToken cancellationToken)
    {
        // The emulator has no bucket management: any request under /b/NAME/ creates the bucket.
        using (var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        {
            using var response = await probe.GetAsync(new Uri($"{Endpoint}/storage/v1/b/{Bucket}/o?maxResults=1"), cancellationToken);
            response.EnsureSuccessStatusCode();
        }

        // What GcsClientFactory builds for an endpoint without a key.
        _client = await new StorageClientBuilder
        {
            EmulatorDetection = Google.Api.Gax.EmulatorDetection.None,
            BaseUri = $"{Endpoint}/storage/v1/",
            UnauthenticatedAccess = true,
        }.BuildAsync(cancellationToken);
        var json = JsonSerializer.Serialize(new
        {
            conn_type = "google_cloud_platform",
            extra = new { endpoint_url = Endpoint, project = "demo-test", chunk_size = ChunkSize.ToString(CultureInfo.InvariantCulture), num_retries = 2 },
        });
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BATON__XCOM__PATH"] = $"gs://{ConnId}@{Bucket}/{prefix}",
            [ConnectionResolver.EnvironmentVariableName(ConnId)] = json,
        };
    }

    public override void ConfigureServices(IServiceCollection services) => services.AddBatonGcs();

    public override async Task PutAsync(string key, string? file, byte[]? bytes, CancellationToken cancellationToken)
    {
        await using Stream source = file is null ? new MemoryStream(bytes!, writable: false) : OpenSource(file);
        await Client.UploadObjectAsync(Bucket, key, "application/octet-stream", source, new UploadObjectOptions { ChunkSize = ChunkSize }, cancellationToken);
    }

    public override async Task<long> GetAsync(string key, string? file, CancellationToken cancellationToken)
    {
        await using Stream target = file is null ? new MemoryStream() : CreateDestination(file);
        await Client.DownloadObjectAsync(Bucket, key, target, cancellationToken: cancellationToken);
        return target.Length;
    }

    public override Task DeleteAsync(string key, CancellationToken cancellationToken) => Client.DeleteObjectAsync(Bucket, key, cancellationToken: cancellationToken);

    protected override void DisposeClient() => _client?.Dispose();
}

/// <summary>Azurite on 127.0.0.1:10000 with the development account and key; container baton-bench.</summary>
internal sealed class AzureTarget : StoreTarget
{
    private const string ConnId = "bench_azure";
    private const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's published development key (not a secret).</summary>
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const int BlockSize = 8 * 1024 * 1024;
    private static readonly Uri Endpoint = new($"http://127.0.0.1:10000/{AccountName}");

    // The provider's defaults (AzureBlobTransferOptions): 8 MiB blocks and single puts, 4 at once.
    private static readonly StorageTransferOptions Transfer = new() { InitialTransferSize = BlockSize, MaximumTransferSize = BlockSize, MaximumConcurrency = 4 };

    private BlobContainerClient? _container;

    public override string Name => "azure";

    public override string Baseline(bool file) => "BlobClient.Upload";

    private BlobContainerClient Container => _container ?? throw new InvalidOperationException("not prepared");

    public override async Task<Dictionary<string, string>> PrepareAsync(string prefix, CancellationToken cancellationToken)
    {
        // The client options AzureBlobConnection builds.
        var options = new BlobClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 5;
        options.Retry.Delay = TimeSpan.FromSeconds(0.8);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(30);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        var service = new BlobServiceClient(Endpoint, new StorageSharedKeyCredential(AccountName, AccountKey), options);
        _container = service.GetBlobContainerClient(Bucket);
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["conn_type"] = "wasb",
            ["login"] = AccountName,
            ["password"] = AccountKey,
            ["extra"] = new Dictionary<string, object> { ["account_url"] = Endpoint.ToString() },
        });
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BATON__XCOM__PATH"] = $"az://{ConnId}@{Bucket}/{prefix}",
            [ConnectionResolver.EnvironmentVariableName(ConnId)] = json,
        };
    }

    public override void ConfigureServices(IServiceCollection services) => services.AddBatonAzure();

    public override async Task PutAsync(string key, string? file, byte[]? bytes, CancellationToken cancellationToken)
    {
        var blob = Container.GetBlobClient(key);
        if (file is not null)
        {
            await blob.UploadAsync(file, new BlobUploadOptions { TransferOptions = Transfer }, cancellationToken);
        }
        else
        {
            await blob.UploadAsync(BinaryData.FromBytes(bytes!), new BlobUploadOptions { TransferOptions = Transfer }, cancellationToken);
        }
    }

    public override async Task<long> GetAsync(string key, string? file, CancellationToken cancellationToken)
    {
        var blob = Container.GetBlobClient(key);
        if (file is null)
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToMemory().Length;
        }

        await blob.DownloadToAsync(file, new BlobDownloadToOptions { TransferOptions = Transfer }, cancellationToken);
        return new FileInfo(file).Length;
    }

    public override Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        Container.GetBlobClient(key).DeleteIfExistsAsync(cancellationToken: cancellationToken);
}
