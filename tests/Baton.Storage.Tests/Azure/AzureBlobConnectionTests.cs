using Baton.Configuration;
using Baton.Connections;
using Baton.Storage.Azure;

namespace Baton.Storage.Tests.Azure;

/// <summary>How wasb connection fields become an endpoint, an account and a credential (no requests are sent).</summary>
public sealed class AzureBlobConnectionTests
{
    private const string Key = Azurite.AccountKey;

    private static AzureBlobConnection Create(string json) => AzureBlobConnection.Create(Connection.Parse("azure_test", json));

    [Fact]
    public void LoginPasswordAndAccountUrl_AreAccountNameKeyAndEndpoint()
    {
        var azure = AzureBlobConnection.Create(Azurite.Connection("azure_test"));

        Assert.Equal((new Uri("http://127.0.0.1:10000/devstoreaccount1"), "devstoreaccount1", "account key"),
            (azure.ServiceUri, azure.AccountName, azure.Authentication));
        Assert.Equal("devstoreaccount1", azure.Client.AccountName);
    }

    [Fact]
    public void ExtrasWithAirflowPrefix_AreReadLikePlainOnes()
    {
        var azure = Create($$$"""{"conn_type": "wasb", "login": "devstoreaccount1", "password": "{{{Key}}}", "extra": {"extra__wasb__endpoint": "http://127.0.0.1:10000/devstoreaccount1", "extra__wasb__container_name": "xcoms"}}""");

        Assert.Equal((new Uri("http://127.0.0.1:10000/devstoreaccount1"), "xcoms"), (azure.ServiceUri, azure.DefaultContainer));
    }

    [Theory]
    [InlineData("https://myaccount.blob.core.windows.net/", "https://myaccount.blob.core.windows.net/")]
    [InlineData("myaccount.blob.core.windows.net", "https://myaccount.blob.core.windows.net/")]
    [InlineData("myaccount", "https://myaccount.blob.core.windows.net/")]
    [InlineData("https://myaccount.blob.core.windows.net/somecontainer", "https://myaccount.blob.core.windows.net/")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1", "http://127.0.0.1:10000/devstoreaccount1")]
    public void Host_IsTheAccountUrlADnsNameOrTheAccountName(string host, string endpoint)
    {
        var azure = Create($$$"""{"conn_type": "wasb", "host": "{{{host}}}", "login": "ignored", "password": "{{{Key}}}"}""");

        Assert.Equal(new Uri(endpoint), azure.ServiceUri);
        Assert.Equal("account key", azure.Authentication);
    }

    [Fact]
    public void LoginAlone_NamesTheAccountInThePublicCloud()
    {
        var azure = Create($$$"""{"conn_type": "wasb", "login": "myaccount", "password": "{{{Key}}}"}""");

        Assert.Equal((new Uri("https://myaccount.blob.core.windows.net"), "myaccount"), (azure.ServiceUri, azure.AccountName));
    }

    [Fact]
    public void UriForm_RoundTripsTheKeyAndTheEndpoint()
    {
        var uri = Azurite.Connection("azure_test").ToUri();

        var azure = AzureBlobConnection.Create(Connection.Parse("azure_test", uri));

        Assert.Equal((new Uri("http://127.0.0.1:10000/devstoreaccount1"), "account key"), (azure.ServiceUri, azure.Authentication));
    }

    [Fact]
    public void UriFormOfTheDocs_TakesTheHostAsEndpointAndTheSasTokenFromTheQuery()
    {
        var azure = AzureBlobConnection.Create(Connection.Parse("azure_xcom", "wasb://myaccount.blob.core.windows.net/?sas_token=sv%3D2024-11-04%26sp%3Dracwdl%26sig%3Dabc"));

        Assert.Equal((new Uri("https://myaccount.blob.core.windows.net"), "myaccount", "SAS token"), (azure.ServiceUri, azure.AccountName, azure.Authentication));
    }

    [Fact]
    public async Task JsonFormInDotEnvOfTheDocs_IsReadThroughTheResolver()
    {
        var directory = Directory.CreateTempSubdirectory("baton-azure-env-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, ".env"),
                """BATON_CONN_AZURE_XCOM='{"conn_type": "wasb", "host": "https://myaccount.blob.core.windows.net", "extra": {"sas_token": "sv=2024-11-04&sp=racwdl&sig=abc"}}'""" + "\n",
                TestContext.Current.CancellationToken);
            var resolver = new ConnectionResolver(new CountingConnectionStore(), BatonEnvironment.Create(directory, new Dictionary<string, string>()));

            var azure = AzureBlobConnection.Create(await resolver.GetConnectionAsync("azure_xcom", TestContext.Current.CancellationToken));

            Assert.Equal((new Uri("https://myaccount.blob.core.windows.net"), "SAS token"), (azure.ServiceUri, azure.Authentication));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true", "http://127.0.0.1:10000/devstoreaccount1")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + Key + ";BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;", "http://127.0.0.1:10000/devstoreaccount1")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=myaccount;AccountKey=" + Key + ";EndpointSuffix=core.windows.net", "https://myaccount.blob.core.windows.net")]
    public void ConnectionString_WinsOverEveryOtherField(string connectionString, string endpoint)
    {
        var azure = Create($$$"""{"conn_type": "wasb", "login": "other", "password": "not-a-key", "extra": {"connection_string": "{{{connectionString}}}"}}""");

        Assert.Equal((new Uri(endpoint), "connection string"), (azure.ServiceUri, azure.Authentication));
    }

    [Fact]
    public void SasToken_IsUsedWithTheEndpoint()
    {
        var azure = Create("""{"conn_type": "wasb", "host": "https://myaccount.blob.core.windows.net", "extra": {"sas_token": "?sv=2024-11-04&sp=racwdl&sig=abc"}}""");

        Assert.Equal((new Uri("https://myaccount.blob.core.windows.net"), "myaccount", "SAS token"), (azure.ServiceUri, azure.AccountName, azure.Authentication));
    }

    [Fact]
    public void SasUrl_GivesTheEndpointAndTheToken()
    {
        var azure = Create("""{"conn_type": "wasb", "extra": {"sas_token": "https://myaccount.blob.core.windows.net/xcoms?sv=2024-11-04&sr=c&sp=racwdl&sig=abc"}}""");

        Assert.Equal((new Uri("https://myaccount.blob.core.windows.net"), "SAS token"), (azure.ServiceUri, azure.Authentication));
    }

    [Fact]
    public void TenantId_MakesAServicePrincipalWithoutShowingItsSecret()
    {
        var azure = Create("""{"conn_type": "wasb", "host": "https://myaccount.blob.core.windows.net", "extra": {"tenant_id": "tenant-1", "client_id": "app-1", "client_secret": "very-secret"}}""");

        Assert.Equal("service principal app-1 of tenant tenant-1", azure.Authentication);
        Assert.Equal("myaccount", azure.AccountName);
    }

    [Fact]
    public void TenantId_TakesClientIdAndSecretFromLoginAndPasswordAsAirflowDoes()
    {
        var azure = Create("""{"conn_type": "wasb", "host": "myaccount.blob.core.windows.net", "login": "app-1", "password": "very-secret", "extra": {"tenant_id": "tenant-1"}}""");

        Assert.Equal("service principal app-1 of tenant tenant-1", azure.Authentication);
    }

    [Fact]
    public void NoSecret_UsesTheDefaultCredentialChain()
    {
        var plain = Create("""{"conn_type": "wasb", "login": "myaccount"}""");
        var managed = Create("""{"conn_type": "wasb", "host": "https://myaccount.blob.core.windows.net", "extra": {"managed_identity_client_id": "mi-1"}}""");

        Assert.Equal("DefaultAzureCredential", plain.Authentication);
        Assert.Equal("DefaultAzureCredential (managed identity mi-1)", managed.Authentication);
    }

    [Fact]
    public void TransferExtras_TuneBlocksConcurrencyAndRetries()
    {
        var azure = Create($$$"""{"conn_type": "wasb", "login": "myaccount", "password": "{{{Key}}}", "extra": {"max_block_size": 1048576, "max_single_put_size": "0", "max_concurrency": 2, "retry_total": 1}}""");

        Assert.Equal((1024 * 1024, 0, 2, 1), (azure.Transfer.BlockSize, azure.Transfer.SinglePutSize, azure.Transfer.MaxConcurrency, azure.Transfer.MaxRetries));
    }

    [Theory]
    [InlineData("""{"conn_type": "wasb"}""", "names no storage account")]
    [InlineData("""{"conn_type": "wasb", "host": "ftp://myaccount.example"}""", "not an http(s) URL")]
    [InlineData("""{"conn_type": "wasb", "extra": {"account_url": "not a url"}}""", "extra account_url")]
    [InlineData("""{"conn_type": "wasb", "host": "https://myaccount.blob.core.windows.net/?sv=1&sig=2"}""", "put a SAS token in extra sas_token")]
    [InlineData("""{"conn_type": "wasb", "host": "https://myaccount.blob.core.windows.net", "extra": {"tenant_id": "t"}}""", "client id")]
    [InlineData("""{"conn_type": "wasb", "extra": {"account_url": "http://127.0.0.1:10000/devstoreaccount1"}}""", "needs an https endpoint")]
    [InlineData("""{"conn_type": "wasb", "login": "myaccount", "extra": {"max_block_size": 10}}""", "max_block_size")]
    [InlineData("""{"conn_type": "wasb", "login": "myaccount", "extra": {"retry_total": "many"}}""", "retry_total")]
    public void UnusableConnection_IsAConfigurationErrorSayingWhy(string json, string problem)
    {
        var error = Assert.Throws<BatonConfigurationException>(() => Create(json));

        Assert.StartsWith("Connection 'azure_test'", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void MalformedSecrets_AreReportedWithoutTheirValues()
    {
        var badKey = Assert.Throws<BatonConfigurationException>(() => Create("""{"conn_type": "wasb", "login": "myaccount", "password": "hunter2!hunter2"}"""));
        var badString = Assert.Throws<BatonConfigurationException>(() => Create("""{"conn_type": "wasb", "extra": {"connection_string": "AccountKey=hunter2!hunter2;nonsense"}}"""));

        Assert.Contains("is not an account key", badKey.Message);
        Assert.Contains("connection_string is not a valid", badString.Message);
        Assert.All(new[] { badKey, badString }, e =>
        {
            Assert.DoesNotContain("hunter2", e.Message);
            Assert.Null(e.InnerException);
        });
    }
}
