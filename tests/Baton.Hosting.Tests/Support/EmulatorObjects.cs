using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Baton.Testing;

namespace Baton.Hosting.Tests.Support;

/// <summary>
/// The objects under a prefix in each store emulator scripts/emulators.sh starts, listed with the store's own client
/// (the AWS SDK, the GCS JSON API, the Azure SDK) behind Baton's back; and the bucket or container made ready first.
/// </summary>
internal static class EmulatorObjects
{
    /// <summary>The bucket (S3, GCS) or container (Azure) the template tests write to.</summary>
    public static string Container(string storage) => storage switch
    {
        "s3" => S3EmulatorSettings.Bucket,
        "gcs" => "baton-template-tests",
        "azure" => "baton-template-tests",
        _ => throw new ArgumentOutOfRangeException(nameof(storage), storage, "no emulator for this storage"),
    };

    /// <summary>Azurite's well-known development account (not a secret), as the template's .env names it.</summary>
    public const string AzuriteConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

    private static readonly Uri GcsEmulator = new("http://127.0.0.1:9199");
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Creates the bucket or container when the store needs one (the GCS emulator creates buckets as they are named).</summary>
    public static async Task PrepareAsync(string storage, CancellationToken cancellationToken)
    {
        switch (storage)
        {
            case "s3":
                await S3EmulatorBucket.EnsureReadyAsync(cancellationToken);
                break;
            case "azure":
                await new BlobContainerClient(AzuriteConnectionString, Container(storage)).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                break;
        }
    }

    /// <summary>The keys of the objects under <paramref name="prefix"/>.</summary>
    public static async Task<List<string>> KeysAsync(string storage, string prefix, CancellationToken cancellationToken)
    {
        switch (storage)
        {
            case "s3":
                return await S3EmulatorBucket.KeysAsync(prefix, cancellationToken);
            case "gcs":
                var page = await Http.GetFromJsonAsync<GcsObjectList>(
                    new Uri(GcsEmulator, $"/storage/v1/b/{Container(storage)}/o?prefix={Uri.EscapeDataString(prefix)}"), cancellationToken);
                return page?.Items?.Select(o => o.Name).ToList() ?? [];
            case "azure":
                var keys = new List<string>();
                await foreach (var blob in new BlobContainerClient(AzuriteConnectionString, Container(storage)).GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
                {
                    keys.Add(blob.Name);
                }

                return keys;
            default:
                throw new ArgumentOutOfRangeException(nameof(storage), storage, "no emulator for this storage");
        }
    }

    private sealed record GcsObjectList([property: JsonPropertyName("items")] List<GcsObject>? Items);

    private sealed record GcsObject([property: JsonPropertyName("name")] string Name);
}
