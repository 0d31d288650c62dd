using System.Security.Cryptography;
using System.Text.Json;
using Baton.Connections;
using Baton.Storage.Gcs;

namespace Baton.Storage.Tests.Gcs;

/// <summary>Connections, stores and sources for the GCS tests.</summary>
public static class GcsTestConnections
{
    /// <summary>A google_cloud_platform connection with the given extra.</summary>
    public static Connection Gcp(object extra, string connId = "gcs_unit") =>
        Connection.Parse(connId, JsonSerializer.Serialize(new { conn_type = "google_cloud_platform", extra }));

    /// <summary>
    /// Skips a test that needs the emulator when BATON_TEST_STORES narrows the run to other stores; when gcs is selected
    /// (or nothing narrows the run) a missing emulator fails the test.
    /// </summary>
    public static async Task RequireEmulatorAsync()
    {
        Assert.SkipUnless(StoreTargets.Selected.Any(t => t.Name == "gcs"), $"{StoreTargets.Variable} leaves the gcs store out");
        await GcsStoreTarget.EnsureBucketAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A store on the emulator's test bucket, with the suite's settings unless given others.</summary>
    internal static async Task<GcsObjectStore> EmulatorStoreAsync(int chunkSize = GcsStoreTarget.ChunkSize, int listPageSize = 1000)
    {
        await RequireEmulatorAsync();
        var settings = GcsConnectionSettings.FromConnection(Connection.Parse(GcsStoreTarget.ConnId, GcsStoreTarget.ConnectionJson(chunkSize)));
        var client = await GcsClientFactory.CreateAsync(settings, TestContext.Current.CancellationToken);
        return new GcsObjectStore(client, settings, GcsStoreTarget.Bucket) { ListPageSize = listPageSize };
    }

    /// <summary>A store on a bucket through a connection.</summary>
    internal static async Task<GcsObjectStore> StoreAsync(Connection connection, string bucket)
    {
        var settings = GcsConnectionSettings.FromConnection(connection);
        var client = await GcsClientFactory.CreateAsync(settings, TestContext.Current.CancellationToken);
        return new GcsObjectStore(client, settings, bucket);
    }

    /// <summary>A well-formed service-account key with a fresh RSA key that no server knows.</summary>
    public static string ServiceAccountKey(Uri tokenEndpoint)
    {
        using var rsa = RSA.Create(2048);
        return JsonSerializer.Serialize(new
        {
            type = "service_account",
            project_id = "demo-test",
            private_key_id = "0123456789abcdef",
            private_key = rsa.ExportPkcs8PrivateKeyPem(),
            client_email = "baton-test@demo-test.iam.gserviceaccount.com",
            client_id = "123456789",
            token_uri = new Uri(tokenEndpoint, "/token").AbsoluteUri,
        });
    }

    /// <summary>A non-seekable source that returns at most 100 KB a read, so the store must gather each chunk from short reads.</summary>
    public static NonSeekableStream ShortReadSource(byte[] data) => new(data, maxReadSize: 100_000);

    /// <summary>A unique prefix for one test's objects.</summary>
    public static string Prefix(string test) => $"gcs-tests/{test}-{Guid.NewGuid():N}";
}
