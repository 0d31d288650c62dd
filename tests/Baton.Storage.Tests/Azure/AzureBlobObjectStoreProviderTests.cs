using Baton.Configuration;
using Baton.Connections;
using Baton.Storage.Azure;
using Baton.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Storage.Tests.Azure;

public sealed class AzureBlobObjectStoreProviderTests
{
    private const string Container = "baton-provider-tests";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AzureBlobObjectStoreProvider Provider(CountingConnectionStore? store = null) =>
        new(AzureTestSupport.Resolver(new Dictionary<string, string> { ["azure_test"] = Azurite.ConnectionJson() }, store));

    [Fact]
    public async Task Open_AzUrl_GivesTheContainersStoreAndThePath()
    {
        var address = await Provider().OpenAsync(new Uri($"az://azure_test@{Container}/some/prefix/"), Ct);

        Assert.Equal(($"az://azure_test@{Container}", "some/prefix/"), (address.Store.Root, address.Path));
    }

    [Fact]
    public async Task Open_KeepsOneStorePerConnectionAndContainer_AndLooksTheConnectionUpOncePerStore()
    {
        var connections = new CountingConnectionStore();
        await connections.UpsertAsync(Azurite.Connection("azure_db"), Ct);
        var provider = new AzureBlobObjectStoreProvider(AzureTestSupport.Resolver(new Dictionary<string, string>(), connections));

        var first = await provider.OpenAsync(new Uri("az://azure_db@container-one/a"), Ct);
        var again = await provider.OpenAsync(new Uri("az://azure_db@container-one/b/c.json"), Ct);
        var other = await provider.OpenAsync(new Uri("az://azure_db@container-two/a"), Ct);

        Assert.Same(first.Store, again.Store);
        Assert.NotSame(first.Store, other.Store);
        Assert.Equal("b/c.json", again.Path);
        Assert.Equal(2, connections.Gets);
    }

    [Fact]
    public async Task Open_ObjectLocation_IsTheSameStoreAndKeyTheObjectWasWrittenWith()
    {
        await Azurite.ContainerAsync(Container, Ct);
        var provider = Provider();
        var home = await provider.OpenAsync(new Uri($"az://azure_test@{Container}/xcom/"), Ct);
        var key = ObjectKeys.Combine(home.Path, AzureTestSupport.UniquePrefix("roundtrip"), ObjectKeys.Segment("dag id/ü"), "value.json");
        await home.Store.PutAsync(key, new MemoryStream([7, 8, 9]), new Dictionary<string, string>(), Ct);

        var location = ObjectKeys.Join(home.Store.Root, key);
        var address = await provider.OpenAsync(new Uri(location), Ct);

        Assert.Same(home.Store, address.Store);
        Assert.Equal(key, address.Path);
        Assert.Equal(new byte[] { 7, 8, 9 }, await ObjectStoreContents.ReadAllAsync(address.Store, address.Path, Ct));
    }

    [Fact]
    public async Task Open_HadoopFormForTheConnectionsAccount_OpensTheSameStore()
    {
        var provider = Provider();

        var az = await provider.OpenAsync(new Uri($"az://azure_test@{Container}/p"), Ct);
        var abfss = await provider.OpenAsync(new Uri($"abfss://{Container}@devstoreaccount1.dfs.core.windows.net/p/q?conn_id=azure_test"), Ct);
        var wasbs = await provider.OpenAsync(new Uri($"wasbs://{Container}@devstoreaccount1.blob.core.windows.net/r?conn_id=azure_test"), Ct);

        Assert.Same(az.Store, abfss.Store);
        Assert.Same(az.Store, wasbs.Store);
        Assert.Equal(("p/q", "r"), (abfss.Path, wasbs.Path));
    }

    [Fact]
    public async Task Open_HadoopFormForAnotherAccount_IsAConfigurationError()
    {
        var error = await Assert.ThrowsAsync<BatonConfigurationException>(async () =>
            await Provider().OpenAsync(new Uri($"abfss://{Container}@otheraccount.dfs.core.windows.net/p?conn_id=azure_test"), Ct));

        Assert.Contains("names storage account 'otheraccount', but connection 'azure_test' is for account 'devstoreaccount1'", error.Message);
    }

    [Fact]
    public async Task Open_UnknownConnection_ThrowsConnectionNotFound_AndALaterDefinitionIsPickedUp()
    {
        var connections = new CountingConnectionStore();
        var provider = new AzureBlobObjectStoreProvider(AzureTestSupport.Resolver(new Dictionary<string, string>(), connections));

        var error = await Assert.ThrowsAsync<ConnectionNotFoundException>(async () => await provider.OpenAsync(new Uri("az://azure_later@container/x"), Ct));
        await connections.UpsertAsync(Azurite.Connection("azure_later"), Ct);
        var address = await provider.OpenAsync(new Uri("az://azure_later@container/x"), Ct);

        Assert.Contains("BATON_CONN_AZURE_LATER", error.Message);
        Assert.Equal("az://azure_later@container", address.Store.Root);
    }

    [Theory]
    [InlineData("az://container/prefix")]
    [InlineData("az://azure_test@Bad_Container/prefix")]
    public async Task Open_MalformedUrl_IsAConfigurationError(string url)
    {
        await Assert.ThrowsAsync<BatonConfigurationException>(async () => await Provider().OpenAsync(new Uri(url), Ct));
    }

    [Fact]
    public async Task Open_ConnectionOfAnotherType_IsAConfigurationError()
    {
        var provider = new AzureBlobObjectStoreProvider(AzureTestSupport.Resolver(new Dictionary<string, string> { ["aws_default"] = "aws://key:secret@" }));

        var error = await Assert.ThrowsAsync<BatonConfigurationException>(async () => await provider.OpenAsync(new Uri("az://aws_default@container/x"), Ct));

        Assert.Contains("type 'aws'", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public async Task AddBatonAzure_RegistersTheProviderAndTheTesterOnce_AndTheResolverOpensAzUrls()
    {
        var settings = new Dictionary<string, string> { [ConnectionResolver.EnvironmentVariableName("azure_test")] = Azurite.ConnectionJson() };
        await using var host = await EngineHost.StartAsync([new InlineDag("unused", dag => dag.Task("t", () => 1))], settings,
            configure: services => services.AddBatonAzure().AddBatonAzure());

        var providers = host.Services.GetServices<IObjectStoreProvider>().OfType<AzureBlobObjectStoreProvider>();
        var testers = host.Services.GetServices<IConnectionTester>().Where(t => t.ConnectionTypes.Contains("wasb")).ToList();
        var address = await host.Services.GetRequiredService<ObjectStoreResolver>().ResolveAsync($"az://azure_test@{Container}/x/", Ct);

        Assert.Single(providers);
        Assert.Equal(["wasb", "azure_blob_storage"], Assert.Single(testers).ConnectionTypes);
        Assert.Equal(($"az://azure_test@{Container}", "x/"), (address.Store.Root, address.Path));
    }
}
