using Baton.Configuration;
using Baton.Connections;
using Baton.Metadata.Sql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Baton.Tests.Connections;

public sealed class ConnectionServiceCollectionExtensionsTests : IAsyncLifetime
{
    private ConnectionTestHome _home = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _home = await ConnectionTestHome.CreateAsync(new Dictionary<string, string> { ["BATON_CONN_FROM_ENV"] = "http://env-host" });

    public ValueTask DisposeAsync()
    {
        _home.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task AddBatonConnections_ResolvesAResolverOverTheDatabaseAndEnvironment()
    {
        await using var provider = Services().AddBatonConnections().BuildServiceProvider();
        var store = provider.GetRequiredService<IConnectionStore>();
        await store.UpsertAsync(new Connection { ConnId = "stored", ConnType = "postgres", Password = "pw" }, Ct);

        var resolver = provider.GetRequiredService<ConnectionResolver>();

        Assert.IsType<SqlConnectionStore>(store);
        Assert.Same(resolver, provider.GetRequiredService<ConnectionResolver>());
        Assert.Equal("pw", (await resolver.GetConnectionAsync("stored", Ct)).Password);
        Assert.Equal("env-host", (await resolver.GetConnectionAsync("from_env", Ct)).Host);
        Assert.True(File.Exists(_home.Paths.EncryptionKeyFile));
    }

    [Fact]
    public void AddBatonConnections_KeepsAStoreRegisteredBefore()
    {
        var services = Services();
        var custom = new InMemoryStore();
        services.AddSingleton<IConnectionStore>(custom);

        using var provider = services.AddBatonConnections().AddBatonConnections().BuildServiceProvider();

        Assert.Same(custom, provider.GetRequiredService<IConnectionStore>());
        Assert.Single(services, d => d.ServiceType == typeof(ConnectionResolver));
    }

    private ServiceCollection Services()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_home.Environment);
        services.AddSingleton(_home.Paths);
        services.AddSingleton(_home.Dialect);
        services.AddSingleton(Options.Create(new SecurityOptions()));
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    private sealed class InMemoryStore : IConnectionStore
    {
        public Task UpsertAsync(Connection connection, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<Connection?> GetAsync(string connId, CancellationToken cancellationToken = default) => Task.FromResult<Connection?>(null);

        public Task<IReadOnlyList<Connection>> ListAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<Connection>>([]);

        public Task<bool> DeleteAsync(string connId, CancellationToken cancellationToken = default) => Task.FromResult(false);
    }
}
