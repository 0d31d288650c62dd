using System.Text.Json;
using Azure.Core;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Baton.Connections;
using Baton.Storage.Azure;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Benchmarks.Stores;

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
