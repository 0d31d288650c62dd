using Amazon.Runtime;
using Amazon.S3;
using Baton.Configuration;
using Baton.Connections;
using Baton.Storage.S3;

namespace Baton.Storage.Tests.S3;

/// <summary>How an aws connection (Airflow's fields and extra options) maps onto the SDK client.</summary>
public sealed class S3ConnectionSettingsTests
{
    private static Connection Aws(string? extra = null, string? login = "AKIAEXAMPLE", string? password = "secret-key-value", string? host = null, int? port = null) => new()
    {
        ConnId = "xcoms",
        ConnType = "aws",
        Login = login,
        Password = password,
        Host = host,
        Port = port,
        Extra = extra,
    };

    [Fact]
    public void NoExtra_UsesAwsWithTheAccessKeyAndTunedRetries()
    {
        var settings = S3ConnectionSettings.FromConnection(Aws());
        using var client = S3ClientFactory.Create(settings);
        var config = (AmazonS3Config)client.Config;

        Assert.Equal(("AKIAEXAMPLE", "secret-key-value", null), (settings.AccessKeyId, settings.SecretAccessKey, settings.SessionToken));
        Assert.Null(settings.EndpointUrl);
        Assert.False(config.ForcePathStyle);
        Assert.Equal(RequestRetryMode.Standard, config.RetryMode);
        Assert.Equal(4, config.MaxErrorRetry);
        Assert.Equal(8L * 1024 * 1024, settings.PartSize);
        Assert.Equal(2, settings.ListVersion);
        Assert.IsNotType<PlainBodyS3Client>(client);
        Assert.IsType<BasicAWSCredentials>(S3ClientFactory.CredentialsFor(settings));
    }

    [Fact]
    public void EmulatorExtra_SetsEndpointPathStylePlainBodiesAndChecksums()
    {
        var settings = S3ConnectionSettings.FromConnection(Aws("""
            {"endpoint_url": "http://127.0.0.1:4568", "region_name": "eu-west-1", "addressing_style": "path", "disable_chunk_encoding": true,
             "request_checksum_calculation": "when_required", "response_checksum_validation": "WHEN_REQUIRED"}
            """));
        using var client = S3ClientFactory.Create(settings);
        var config = (AmazonS3Config)client.Config;

        Assert.IsType<PlainBodyS3Client>(client);
        Assert.Equal("http://127.0.0.1:4568/", config.ServiceURL);
        Assert.Equal("eu-west-1", config.AuthenticationRegion);
        Assert.True(config.ForcePathStyle);
        Assert.Equal(RequestChecksumCalculation.WHEN_REQUIRED, config.RequestChecksumCalculation);
        Assert.Equal(ResponseChecksumValidation.WHEN_REQUIRED, config.ResponseChecksumValidation);
        Assert.Equal("http://127.0.0.1:4568", settings.EndpointDescription);
    }

    [Fact]
    public void UriForm_ExtraStringsAreReadAsTheirTypes()
    {
        var connection = Connection.Parse("xcoms",
            "aws://AKIAEXAMPLE:secret%2Fkey@/?endpoint_url=http%3A%2F%2Fminio%3A9000&disable_chunk_encoding=true&multipart_chunksize=16MB&max_concurrency=4&list_version=1");

        var settings = S3ConnectionSettings.FromConnection(connection);

        Assert.Equal("secret/key", settings.SecretAccessKey);
        Assert.Equal(new Uri("http://minio:9000"), settings.EndpointUrl);
        Assert.True(settings.DisableChunkEncoding);
        Assert.True(S3ClientFactory.Create(settings).Config is AmazonS3Config { ForcePathStyle: true });
        Assert.Equal((16L * 1024 * 1024, 4, 1), (settings.PartSize, settings.MaxConcurrency, settings.ListVersion));
    }

    [Fact]
    public void Endpoint_ServiceConfigWinsOverEndpointUrlWhichWinsOverHost()
    {
        Assert.Equal(new Uri("http://a:1"), S3ConnectionSettings.FromConnection(Aws("""{"service_config": {"s3": {"endpoint_url": "http://a:1"}}, "endpoint_url": "http://b:2"}""", host: "http://c:3")).EndpointUrl);
        Assert.Equal(new Uri("http://b:2"), S3ConnectionSettings.FromConnection(Aws("""{"endpoint_url": "http://b:2"}""", host: "http://c:3")).EndpointUrl);
        Assert.Equal(new Uri("http://c:3"), S3ConnectionSettings.FromConnection(Aws(host: "http://c:3")).EndpointUrl);
        Assert.Equal(new Uri("https://minio.internal:9000"), S3ConnectionSettings.FromConnection(Aws(host: "minio.internal", port: 9000)).EndpointUrl);
    }

    [Theory]
    [InlineData("""{"addressing_style": "virtual", "endpoint_url": "http://x:1"}""", false)]
    [InlineData("""{"config_kwargs": {"s3": {"addressing_style": "path"}}}""", true)]
    [InlineData("""{"force_path_style": "true"}""", true)]
    [InlineData("""{"endpoint_url": "http://x:1"}""", true)]
    [InlineData("""{}""", false)]
    public void AddressingStyle_MapsToForcePathStyle(string extra, bool pathStyle)
    {
        using var client = S3ClientFactory.Create(S3ConnectionSettings.FromConnection(Aws(extra)));

        Assert.Equal(pathStyle, ((AmazonS3Config)client.Config).ForcePathStyle);
    }

    [Fact]
    public void SessionTokenAndRetries_AreRead()
    {
        var settings = S3ConnectionSettings.FromConnection(Aws("""
            {"aws_session_token": "token-value", "config_kwargs": {"retries": {"max_attempts": 10, "mode": "adaptive"}, "connect_timeout": 3, "read_timeout": "30"}}
            """));
        using var client = S3ClientFactory.Create(settings);

        Assert.IsType<SessionAWSCredentials>(S3ClientFactory.CredentialsFor(settings));
        Assert.Equal((9, RequestRetryMode.Adaptive), (client.Config.MaxErrorRetry, client.Config.RetryMode));
        Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30)), (settings.ConnectTimeout, settings.RequestTimeout));
    }

    [Fact]
    public void RoleArn_AssumesTheRoleWithTheConnectionsKeys()
    {
        var settings = S3ConnectionSettings.FromConnection(Aws("""
            {"role_arn": "arn:aws:iam::123456789012:role/baton-xcom", "assume_role_kwargs": {"ExternalId": "ext-1", "RoleSessionName": "xcoms"}, "region_name": "eu-central-1"}
            """));

        var credentials = Assert.IsType<AssumedRoleCredentials>(S3ClientFactory.CredentialsFor(settings));

        Assert.Equal("arn:aws:iam::123456789012:role/baton-xcom", credentials.RoleArn);
        Assert.Equal(("ext-1", "xcoms"), (settings.ExternalId, settings.RoleSessionName));
    }

    [Fact]
    public void NoLoginOrPassword_LeavesCredentialsToTheDefaultChain()
    {
        var settings = S3ConnectionSettings.FromConnection(Aws(login: null, password: null));

        Assert.Null(S3ClientFactory.CredentialsFor(settings));
        Assert.Contains("default credential chain", settings.ToString());
    }

    [Fact]
    public void BucketName_ComesFromTheExtra()
    {
        Assert.Equal("from-extra", S3ConnectionSettings.FromConnection(Aws("""{"bucket_name": "from-extra"}""")).BucketName);
        Assert.Equal("from-container", S3ConnectionSettings.FromConnection(Aws("""{"container_name": "from-container"}""")).BucketName);
        Assert.Equal("from-config", S3ConnectionSettings.FromConnection(Aws("""{"service_config": {"s3": {"bucket_name": "from-config"}}}""")).BucketName);
    }

    [Theory]
    [InlineData("""{"multipart_chunksize": 1024}""", "multipart_chunksize")]
    [InlineData("""{"multipart_chunksize": "lots"}""", "multipart_chunksize")]
    [InlineData("""{"multipart_chunksize": "2GB"}""", "multipart_chunksize")]
    [InlineData("""{"addressing_style": "sideways"}""", "addressing_style")]
    [InlineData("""{"endpoint_url": "ftp://x"}""", "endpoint_url")]
    [InlineData("""{"request_checksum_calculation": "never"}""", "request_checksum_calculation")]
    [InlineData("""{"max_attempts": 0}""", "max_attempts")]
    [InlineData("""{"list_version": 3}""", "list_version")]
    [InlineData("""{"disable_chunk_encoding": "maybe"}""", "disable_chunk_encoding")]
    [InlineData("""{"region_name": "EU WEST"}""", "region_name")]
    public void MalformedExtraOptions_FailNamingTheOption(string extra, string option)
    {
        var error = Assert.Throws<BatonConfigurationException>(() => S3ConnectionSettings.FromConnection(Aws(extra)));

        Assert.Contains($"'{option}'", error.Message);
        Assert.Contains("'xcoms'", error.Message);
    }

    [Fact]
    public void PasswordWithoutLogin_FailsWithoutRepeatingThePassword()
    {
        var error = Assert.Throws<BatonConfigurationException>(() => S3ConnectionSettings.FromConnection(Aws(login: null)));

        Assert.Contains("no login (access key id)", error.Message);
        Assert.DoesNotContain("secret-key-value", error.Message);
    }

    [Fact]
    public void ToString_NeverShowsSecrets()
    {
        var settings = S3ConnectionSettings.FromConnection(Aws("""{"aws_session_token": "token-value"}"""));

        Assert.DoesNotContain("secret-key-value", settings.ToString());
        Assert.DoesNotContain("token-value", settings.ToString());
    }

    [Fact]
    public void ConnectionOfAnotherType_IsRefusedForS3Urls()
    {
        var error = Assert.Throws<BatonConfigurationException>(() => S3ObjectStoreProvider.SettingsFor(Aws() with { ConnType = "google_cloud_platform" }));

        Assert.Contains("'google_cloud_platform'", error.Message);
        Assert.Contains("'aws'", error.Message);
    }
}
