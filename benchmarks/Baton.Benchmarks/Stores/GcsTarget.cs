using System.Globalization;
using System.Text.Json;
using Baton.Benchmarks.Infrastructure;
using Baton.Connections;
using Baton.Storage.Gcs;
using Google.Cloud.Storage.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Benchmarks.Stores;

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
        await using Stream source = file is null ? new MemoryStream(bytes!, writable: false) : FileSystem.OpenSource(file);
        await Client.UploadObjectAsync(Bucket, key, "application/octet-stream", source, new UploadObjectOptions { ChunkSize = ChunkSize }, cancellationToken);
    }

    public override async Task<long> GetAsync(string key, string? file, CancellationToken cancellationToken)
    {
        await using Stream target = file is null ? new MemoryStream() : FileSystem.CreateDestination(file);
        await Client.DownloadObjectAsync(Bucket, key, target, cancellationToken: cancellationToken);
        return target.Length;
    }

    public override Task DeleteAsync(string key, CancellationToken cancellationToken) => Client.DeleteObjectAsync(Bucket, key, cancellationToken: cancellationToken);

    protected override void DisposeClient() => _client?.Dispose();
}
