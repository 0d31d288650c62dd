using System.Text.Json;
using Baton.Storage.Gcs;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Storage.Tests;

/// <summary>
/// The GCS emulator (firebase-tools' Storage emulator, started by scripts/emulators.sh) on 127.0.0.1:9199, or the
/// endpoint in <c>BATON_TEST_GCS_ENDPOINT</c>, through connection <c>gcs_test</c> with no credentials.
/// </summary>
/// <remarks>
/// The emulator keeps only the first chunk of a resumable upload, so the connection's chunk_size (64 MiB) is above every
/// value the suite writes, and <see cref="MaxObjectSize"/> says so.
/// </remarks>
public sealed class GcsStoreTarget : StoreTarget
{
    public const string ConnId = "gcs_test";
    public const string Bucket = "baton-test";
    public const int ChunkSize = 64 * 1024 * 1024;

    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static Uri Emulator { get; } = new(Environment.GetEnvironmentVariable("BATON_TEST_GCS_ENDPOINT") is { Length: > 0 } e ? e : "http://127.0.0.1:9199");

    public override string Name => "gcs";

    public override long? MaxObjectSize => ChunkSize;

    /// <summary>The connection's JSON form, as BATON_CONN_GCS_TEST holds it.</summary>
    public static string ConnectionJson(int chunkSize = ChunkSize, int numRetries = 2) => JsonSerializer.Serialize(new
    {
        conn_type = "google_cloud_platform",
        extra = new { endpoint_url = Emulator.GetLeftPart(UriPartial.Authority), project = "demo-test", chunk_size = chunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture), num_retries = numRetries },
    });

    public override async Task<Dictionary<string, string>> PrepareAsync(string prefix, CancellationToken cancellationToken)
    {
        await EnsureBucketAsync(cancellationToken);
        return new Dictionary<string, string>
        {
            ["BATON__XCOM__PATH"] = $"gs://{ConnId}@{Bucket}/{prefix}",
            ["BATON_CONN_" + ConnId.ToUpperInvariant()] = ConnectionJson(),
        };
    }

    public override void ConfigureServices(IServiceCollection services) => services.AddBatonGcs();

    public override Uri? Endpoint => Emulator;

    public override Dictionary<string, string>? SettingsAt(Uri endpoint, string prefix) => new()
    {
        ["BATON__XCOM__PATH"] = $"gs://gcs_elsewhere@{Bucket}/{prefix}",
        ["BATON_CONN_GCS_ELSEWHERE"] = JsonSerializer.Serialize(new
        {
            conn_type = "google_cloud_platform",
            extra = new { endpoint_url = endpoint.GetLeftPart(UriPartial.Authority), chunk_size = ChunkSize, num_retries = 0 },
        }),
    };

    /// <remarks>The emulator creates any bucket it is asked about, so <see cref="Gcs.FakeGcsServer"/> stands in for it.</remarks>
    public override Task<MissingContainer?> MissingContainerAsync(string prefix, CancellationToken cancellationToken)
    {
        var server = new Gcs.FakeGcsServer();
        return Task.FromResult<MissingContainer?>(new MissingContainer(new Dictionary<string, string>
        {
            ["BATON__XCOM__PATH"] = $"gs://gcs_missing@{Gcs.FakeGcsServer.MissingBucket}/{prefix}",
            ["BATON_CONN_GCS_MISSING"] = JsonSerializer.Serialize(new
            {
                conn_type = "google_cloud_platform",
                extra = new { endpoint_url = server.Endpoint.GetLeftPart(UriPartial.Authority), num_retries = 0 },
            }),
        }, Gcs.FakeGcsServer.MissingBucket, server));
    }

    /// <summary>
    /// Checks the emulator answers and that the bucket exists. The emulator has no bucket management (creating one gives
    /// 400): any request under /b/NAME/ creates bucket NAME, so listing it is the idempotent "create".
    /// </summary>
    public static async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Probe.GetAsync(new Uri(Emulator, $"/storage/v1/b/{Bucket}/o?maxResults=1"), cancellationToken);
            response.EnsureSuccessStatusCode();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"The GCS emulator is not reachable at {Emulator} ({e.Message}). Start it with scripts/emulators.sh (start_emulators), " +
                "or set BATON_TEST_GCS_ENDPOINT; the gcs store tests fail rather than skip without it.", e);
        }
    }
}
