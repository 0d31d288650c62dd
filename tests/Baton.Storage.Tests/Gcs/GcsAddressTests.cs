using Baton.Configuration;
using Baton.Connections;
using Baton.Storage.Gcs;
using Baton.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Storage.Tests.Gcs;

/// <summary>Store URLs, the connection's fields and extra options, and what the provider builds from them.</summary>
public sealed class GcsAddressTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("gs://my_conn@my-bucket/xcom/prefix/", "my_conn", "my-bucket", "xcom/prefix")]
    [InlineData("gs://my_conn@my-bucket", "my_conn", "my-bucket", "")]
    [InlineData("gcs://conn.1@bucket_with.dots/a/b~2Fc", "conn.1", "bucket_with.dots", "a/b~2Fc")]
    [InlineData("gs://conn@My-Bucket/Key", "conn", "my-bucket", "Key")]
    public void Parse_SplitsConnectionBucketAndPath(string url, string connId, string bucket, string path)
    {
        Assert.Equal(new GcsStoreUrl(connId, bucket, path), GcsStoreUrl.Parse(new Uri(url)));
    }

    [Theory]
    [InlineData("gs://my-bucket/prefix", "names no connection")]
    [InlineData("gs://conn@ab/prefix", "3 to 63 characters")]
    [InlineData("gs://conn@-bucket/prefix", "start and end with a letter or a digit")]
    [InlineData("gs://conn@google-bucket/prefix", "may not start with 'goog'")]
    [InlineData("gs://conn@bucket:9199/prefix", "port, a query or a fragment")]
    [InlineData("gs://conn@bucket/prefix?x=1", "port, a query or a fragment")]
    [InlineData("s3://conn@bucket/prefix", "not a Google Cloud Storage URL")]
    public void Parse_RejectsMalformedUrls(string url, string problem)
    {
        var error = Assert.Throws<BatonConfigurationException>(() => GcsStoreUrl.Parse(new Uri(url)));
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Parse_WithAPasswordInTheUrl_DoesNotRepeatIt()
    {
        var error = Assert.Throws<BatonConfigurationException>(() => GcsStoreUrl.Parse(new Uri("gs://conn:hunter2@bucket/prefix")));
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.Contains("password", error.Message);
    }

    [Fact]
    public void Settings_ReadAirflowNamesWithOrWithoutThePrefix()
    {
        var plain = GcsConnectionSettings.FromConnection(GcsTestConnections.Gcp(new
        {
            key_path = "/secrets/sa.json", project = "my-project", chunk_size = "524288", num_retries = 3, bucket_name = "probe-bucket",
        }));
        var prefixed = GcsConnectionSettings.FromConnection(GcsTestConnections.Gcp(new Dictionary<string, object>
        {
            ["extra__google_cloud_platform__key_path"] = "/secrets/sa.json",
            ["extra__google_cloud_platform__project"] = "my-project",
            ["extra__google_cloud_platform__chunk_size"] = 524288,
            ["extra__google_cloud_platform__num_retries"] = "3",
            ["container_name"] = "probe-bucket",
        }));

        foreach (var settings in new[] { plain, prefixed })
        {
            Assert.Equal(GcsCredentialSource.KeyFile, settings.CredentialSource);
            Assert.Equal("/secrets/sa.json", settings.KeyPath);
            Assert.Equal("my-project", settings.Project);
            Assert.Equal(524288, settings.ChunkSize);
            Assert.Equal(3, settings.NumRetries);
            Assert.Equal("probe-bucket", settings.DefaultBucket);
            Assert.Null(settings.Endpoint);
            Assert.Null(settings.ServiceBaseUri);
        }
    }

    [Fact]
    public void Settings_FromTheDocsUriForm_ReadTheKeyPathAndProject()
    {
        var settings = GcsConnectionSettings.FromConnection(
            Connection.Parse("gcs_xcom", "google-cloud-platform://?key_path=%2Fsecrets%2Fbaton-xcom.json&project=my-project"));

        Assert.Equal((GcsCredentialSource.KeyFile, "/secrets/baton-xcom.json", "my-project"), (settings.CredentialSource, settings.KeyPath, settings.Project));
    }

    [Fact]
    public void Settings_TakeKeyfileDictAsAnObjectOrAString_AndNeverShowIt()
    {
        var key = new { type = "service_account", private_key = "-----BEGIN PRIVATE KEY-----secret-----END PRIVATE KEY-----" };
        var asObject = GcsConnectionSettings.FromConnection(GcsTestConnections.Gcp(new { keyfile_dict = key }));
        var asString = GcsConnectionSettings.FromConnection(GcsTestConnections.Gcp(new { keyfile_dict = System.Text.Json.JsonSerializer.Serialize(key) }));

        Assert.Equal(GcsCredentialSource.KeyJson, asObject.CredentialSource);
        Assert.Contains("\"private_key\"", asObject.KeyJson);
        Assert.Equal(asObject.KeyJson, asString.KeyJson);
        Assert.DoesNotContain("secret", asObject.ToString());
    }

    [Fact]
    public void Settings_WithAnEndpointAndNoKey_AreAnonymous_AndDefaultsApply()
    {
        var settings = GcsConnectionSettings.FromConnection(GcsTestConnections.Gcp(new { endpoint_url = "http://127.0.0.1:9199" }));

        Assert.Equal(GcsCredentialSource.Anonymous, settings.CredentialSource);
        Assert.Equal("http://127.0.0.1:9199/storage/v1/", settings.ServiceBaseUri);
        Assert.Equal(new Uri("http://127.0.0.1:9199/batch/storage/v1"), settings.BatchUri);
        Assert.Equal(GcsConnectionSettings.DefaultChunkSize, settings.ChunkSize);
        Assert.Equal(GcsConnectionSettings.DefaultNumRetries, settings.NumRetries);
        Assert.Equal(GcsCredentialSource.ApplicationDefault, GcsConnectionSettings.FromConnection(GcsTestConnections.Gcp(new { project = "p" })).CredentialSource);
    }

    [Theory]
    [InlineData("{\"chunk_size\": \"1000\"}", "extra option 'chunk_size' must be a positive multiple of 262144 bytes (256 KiB) below 2 GiB, e.g. 16777216 (16 MiB), not '1000'")]
    [InlineData("{\"chunk_size\": \"-262144\"}", "chunk_size")]
    [InlineData("{\"num_retries\": \"25\"}", "extra option 'num_retries' must be a whole number from 0 to 19, not '25'")]
    [InlineData("{\"endpoint_url\": \"ftp://x\"}", "extra option 'endpoint_url' must be an http(s) URL such as http://127.0.0.1:9199 (no user name, password or query), not 'ftp://x'")]
    [InlineData("{\"key_path\": \"/a.json\", \"keyfile_dict\": {\"type\": \"service_account\"}}", "mutually exclusive")]
    [InlineData("{\"keyfile_dict\": 5}", "extra option 'keyfile_dict' must be the service-account key as an object or a string holding it, not a JSON number")]
    public void Settings_RejectMalformedOptions(string extra, string problem)
    {
        var connection = new Connection { ConnId = "gcs_unit", ConnType = "google_cloud_platform", Extra = extra };
        var error = Assert.Throws<BatonConfigurationException>(() => GcsConnectionSettings.FromConnection(connection));
        Assert.Contains(problem, error.Message);
        Assert.Contains("'gcs_unit'", error.Message);
    }

    [Fact]
    public void Settings_OfAnotherConnectionType_AreRefused()
    {
        var error = Assert.Throws<BatonConfigurationException>(() =>
            GcsObjectStoreProvider.SettingsFor(new Connection { ConnId = "aws_default", ConnType = "aws" }));
        Assert.Contains("google_cloud_platform", error.Message);
        var gcp = GcsObjectStoreProvider.SettingsFor(new Connection { ConnId = "c", ConnType = "gcp", Extra = "{\"endpoint_url\":\"http://h:1\"}" });
        Assert.Equal(GcsCredentialSource.Anonymous, gcp.CredentialSource);
    }

    [Fact]
    public async Task Client_WithAMissingKeyFile_NamesKeyPath()
    {
        var settings = GcsConnectionSettings.FromConnection(GcsTestConnections.Gcp(new { key_path = "/nonexistent/sa.json" }));
        var error = await Assert.ThrowsAsync<BatonConfigurationException>(() => GcsClientFactory.CreateAsync(settings, Ct));
        Assert.Contains("key_path ('/nonexistent/sa.json') cannot be read", error.Message);
    }

    [Fact]
    public async Task Client_WithAMalformedKey_SaysSoWithoutQuotingIt()
    {
        var settings = GcsConnectionSettings.FromConnection(GcsTestConnections.Gcp(new { keyfile_dict = "{\"type\": \"service_account\", \"private_key\": \"s3cr3t" }));
        var error = await Assert.ThrowsAsync<BatonConfigurationException>(() => GcsClientFactory.CreateAsync(settings, Ct));
        Assert.Contains("keyfile_dict is not valid JSON", error.Message);
        Assert.DoesNotContain("s3cr3t", error.ToString());

        var broken = GcsConnectionSettings.FromConnection(GcsTestConnections.Gcp(new { keyfile_dict = new { type = "service_account", private_key = "s3cr3t", client_email = "a@b" } }));
        var loadError = await Assert.ThrowsAsync<BatonConfigurationException>(() => GcsClientFactory.CreateAsync(broken, Ct));
        Assert.Contains("could not be loaded as a service_account credential", loadError.Message);
        Assert.DoesNotContain("s3cr3t", loadError.ToString());
    }

    [Fact]
    public async Task Client_WithADamagedPrivateKey_FailsWithAConfigurationErrorThatDoesNotQuoteIt()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var lines = rsa.ExportPkcs8PrivateKeyPem().Split('\n');
        var damaged = string.Join('\n', lines.Take(4)) + "\n-----END PRIVATE KEY-----\n";
        var settings = GcsConnectionSettings.FromConnection(GcsTestConnections.Gcp(new { keyfile_dict = new { type = "service_account", private_key = damaged, client_email = "a@b" } }));

        var error = await Assert.ThrowsAsync<BatonConfigurationException>(() => GcsClientFactory.CreateAsync(settings, Ct));

        Assert.Equal(
            "Connection 'gcs_unit': the keyfile_dict could not be loaded as a service_account credential (InvalidDataException); check that it is a complete, unmodified key.",
            error.Message);
        Assert.DoesNotContain(lines[2], error.ToString());
    }

    [Fact]
    public async Task Provider_OpensTheBucketsStore_CachesItPerConnectionAndBucket_AndJoinsLocations()
    {
        await using var host = await EngineHost.StartAsync([], new Dictionary<string, string>
        {
            ["BATON_CONN_GCS_TEST"] = GcsStoreTarget.ConnectionJson(),
        }, configure: services => services.AddBatonGcs());
        var resolver = host.Services.GetRequiredService<ObjectStoreResolver>();

        var home = await resolver.ResolveAsync("gs://gcs_test@baton-test/xcom/", Ct);
        var again = await resolver.ResolveAsync("gcs://gcs_test@baton-test/xcom/dag/run/task/-1/key/value.json", Ct);
        var other = await resolver.ResolveAsync("gs://gcs_test@other-bucket", Ct);

        Assert.Equal("gs://gcs_test@baton-test", home.Store.Root);
        Assert.Equal("xcom", home.Path);
        Assert.Same(home.Store, again.Store);
        Assert.Equal("xcom/dag/run/task/-1/key/value.json", again.Path);
        Assert.Equal("gs://gcs_test@baton-test/xcom/dag/run/task/-1/key/value.json", ObjectKeys.Join(again.Store.Root, again.Path));
        Assert.NotSame(home.Store, other.Store);
        Assert.Equal("", other.Path);
    }

    [Fact]
    public async Task Provider_WithAnUnknownConnection_FailsWithConnectionNotFound()
    {
        await using var host = await EngineHost.StartAsync([], configure: services => services.AddBatonGcs());
        var resolver = host.Services.GetRequiredService<ObjectStoreResolver>();

        var error = await Assert.ThrowsAsync<ConnectionNotFoundException>(async () => await resolver.ResolveAsync("gs://nobody@bucket/prefix", Ct));

        Assert.Contains("BATON_CONN_NOBODY", error.Message);
    }

    [Fact]
    public void AddBatonGcs_RegistersTheProviderAndTesterOnce()
    {
        var services = new ServiceCollection();
        services.AddBatonGcs().AddBatonGcs();

        Assert.Single(services, d => d.ServiceType == typeof(IObjectStoreProvider));
        Assert.Single(services, d => d.ServiceType == typeof(IConnectionTester));
        Assert.Single(services, d => d.ServiceType == typeof(GcsObjectStoreProvider));
    }
}
