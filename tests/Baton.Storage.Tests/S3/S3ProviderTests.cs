using Baton.Connections;
using Baton.Storage.S3;
using Baton.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Storage.Tests.S3;

/// <summary>AddBatonS3: the provider behind ObjectStoreResolver, connections from BATON_CONN_*, one store per (connection, bucket).</summary>
public sealed class S3ProviderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<EngineHost> StartAsync(Dictionary<string, string>? settings = null) =>
        EngineHost.StartAsync([new InlineDag("unused", dag => dag.Task("t", () => 1))],
            settings ?? new Dictionary<string, string> { [ConnectionResolver.EnvironmentVariableName(S3Emulator.ConnId)] = S3EmulatorSettings.ConnectionJson() },
            configure: services => services.AddBatonS3().AddBatonS3());

    [Fact]
    public async Task AddBatonS3_RegistersTheProviderAndTesterOnce()
    {
        await using var host = await StartAsync();

        Assert.Single(host.Services.GetServices<IObjectStoreProvider>(), p => p.Schemes.Contains("s3"));
        Assert.Single(host.Services.GetServices<IConnectionTester>(), t => t.ConnectionTypes.Contains("aws") && t.ConnectionTypes.Contains("s3"));
    }

    [Fact]
    public async Task Resolve_OpensTheBucketsStoreOncePerConnectionAndBucket()
    {
        await S3Emulator.EnsureReadyAsync(Ct);
        await using var host = await StartAsync();
        var resolver = host.Services.GetRequiredService<ObjectStoreResolver>();

        var home = await resolver.ResolveAsync($"s3://{S3Emulator.ConnId}@{S3Emulator.Bucket}/xcom/prefix", Ct);
        var item = await resolver.ResolveAsync($"s3://{S3Emulator.ConnId}@{S3Emulator.Bucket}/xcom/prefix/dag/x.json", Ct);
        var other = await resolver.ResolveAsync($"s3://{S3Emulator.ConnId}@other-bucket/xcom", Ct);

        Assert.Equal("s3://s3_suite@test-bucket", home.Store.Root);
        Assert.Equal(("xcom/prefix", "xcom/prefix/dag/x.json"), (home.Path, item.Path));
        Assert.Same(home.Store, item.Store);
        Assert.NotSame(home.Store, other.Store);
        Assert.Equal("s3://s3_suite@other-bucket", other.Store.Root);

        var key = S3TestStores.NewPrefix("provider") + "/x.json";
        await home.Store.PutAsync(key, new MemoryStream("{}"u8.ToArray()), new Dictionary<string, string>(), Ct);
        var reopened = await resolver.ResolveAsync(ObjectKeys.Join(home.Store.Root, key), Ct);
        Assert.Equal(2, (await reopened.Store.StatAsync(reopened.Path, Ct))!.Size);
    }

    [Fact]
    public async Task Resolve_UnknownConnection_FailsNamingItAndWhereItWasLookedFor()
    {
        await using var host = await StartAsync(new Dictionary<string, string>());
        var resolver = host.Services.GetRequiredService<ObjectStoreResolver>();

        var error = await Assert.ThrowsAsync<ConnectionNotFoundException>(async () => await resolver.ResolveAsync("s3://nobody@test-bucket/xcom", Ct));

        Assert.Equal("nobody", error.ConnId);
        Assert.Contains("BATON_CONN_NOBODY", error.Message);
    }

    [Fact]
    public async Task Resolve_WithoutAConnection_FallsBackToTheDefaultCredentialChain()
    {
        await using var host = await StartAsync(new Dictionary<string, string>());
        var resolver = host.Services.GetRequiredService<ObjectStoreResolver>();

        var address = await resolver.ResolveAsync("s3://some-bucket/xcom", Ct);

        Assert.Equal(("s3://some-bucket", "xcom"), (address.Store.Root, address.Path));
    }
}
