using Baton.Configuration;
using Baton.Connections;

namespace Baton.Tests.Connections;

public sealed class ConnectionResolverTests : IDisposable
{
    private readonly List<ConnectionTestHome> _homes = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        foreach (var home in _homes)
        {
            home.Dispose();
        }
    }

    [Fact]
    public async Task GetConnection_InEnvironmentAndDatabase_EnvironmentWins()
    {
        var (resolver, store) = await CreateAsync(new() { ["BATON_CONN_WAREHOUSE"] = "postgres://env_user:env_pw@env-host:5432/env_db" });
        await store.UpsertAsync(new Connection { ConnId = "warehouse", ConnType = "postgres", Host = "db-host", Password = "db_pw" }, Ct);

        var connection = await resolver.GetConnectionAsync("warehouse", Ct);

        Assert.Equal("env-host", connection.Host);
        Assert.Equal("env_pw", connection.Password);
        Assert.Equal("warehouse", connection.ConnId);
    }

    [Fact]
    public async Task GetConnection_EnvironmentJson_IsParsed()
    {
        var (resolver, _) = await CreateAsync(new()
        {
            ["BATON_CONN_API"] = """ {"conn_type": "http", "host": "api.example.com", "extra": {"timeout": 30}}""",
        });

        var connection = await resolver.GetConnectionAsync("api", Ct);

        Assert.Equal("http", connection.ConnType);
        Assert.Equal("api.example.com", connection.Host);
        Assert.Equal("30", connection.GetExtra("timeout"));
    }

    [Fact]
    public async Task GetConnection_FromDotEnvFile_IsFound()
    {
        var (resolver, _) = await CreateAsync(new(), dotEnv: "BATON_CONN_FROM_FILE='http://dotenv-host'\n");

        Assert.Equal("dotenv-host", (await resolver.GetConnectionAsync("from_file", Ct)).Host);
    }

    [Fact]
    public async Task GetConnection_OnlyInDatabase_ReturnsTheStoredOne()
    {
        var (resolver, store) = await CreateAsync(new() { ["BATON_CONN_OTHER"] = "http://other" });
        var stored = new Connection { ConnId = "warehouse", ConnType = "postgres", Host = "db-host", Password = "db_pw" };
        await store.UpsertAsync(stored, Ct);

        Assert.Equal(stored, await resolver.GetConnectionAsync("warehouse", Ct));
    }

    [Fact]
    public async Task GetConnection_EmptyVariable_FallsBackToTheDatabase()
    {
        var (resolver, store) = await CreateAsync(new() { ["BATON_CONN_WAREHOUSE"] = "  " });
        await store.UpsertAsync(new Connection { ConnId = "warehouse", ConnType = "postgres", Host = "db-host" }, Ct);

        Assert.Equal("db-host", (await resolver.GetConnectionAsync("warehouse", Ct)).Host);
    }

    [Fact]
    public async Task GetConnection_Missing_ThrowsNotFoundNamingTheIdAndBothPlaces()
    {
        var (resolver, _) = await CreateAsync(new());

        var error = await Assert.ThrowsAsync<ConnectionNotFoundException>(() => resolver.GetConnectionAsync("my_db", Ct));

        Assert.Equal("my_db", error.ConnId);
        Assert.Contains("'my_db'", error.Message, StringComparison.Ordinal);
        Assert.Contains("BATON_CONN_MY_DB", error.Message, StringComparison.Ordinal);
        Assert.Contains("database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetConnection_MalformedVariable_ThrowsFormatExceptionNamingIdAndVariable()
    {
        var (resolver, _) = await CreateAsync(new() { ["BATON_CONN_MY_DB"] = "postgres://user:s3cr3t@host:notaport/db" });

        var error = await Assert.ThrowsAsync<ConnectionFormatException>(() => resolver.GetConnectionAsync("my_db", Ct));

        Assert.Equal("my_db", error.ConnId);
        Assert.Contains("'my_db'", error.Message, StringComparison.Ordinal);
        Assert.Contains("BATON_CONN_MY_DB", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ReturnsDatabaseAndEnvironmentConnectionsWithTheirSource()
    {
        var (resolver, store) = await CreateAsync(new()
        {
            ["BATON_CONN_SHARED"] = "http://env-shared",
            ["BATON_CONN_ENV_ONLY"] = "http://env-only",
            ["BATON_CONN_lower_case"] = "http://not-resolvable",
            ["BATON_CONN_"] = "http://no-id",
            ["OTHER_VARIABLE"] = "http://ignored",
        });
        await store.UpsertAsync(new Connection { ConnId = "shared", ConnType = "http", Host = "db-shared" }, Ct);
        await store.UpsertAsync(new Connection { ConnId = "db_only", ConnType = "http", Host = "db-only" }, Ct);

        var entries = await resolver.ListAsync(Ct);

        Assert.Equal(
            [("db_only", "database", "db-only"), ("env_only", "env", "env-only"), ("shared", "env", "env-shared")],
            entries.Select(e => (e.Connection.ConnId, e.Source, e.Connection.Host!)));
    }

    [Fact]
    public void EnvironmentVariableName_UpperCasesTheId()
    {
        Assert.Equal("BATON_CONN_MY_DB", ConnectionResolver.EnvironmentVariableName("my_db"));
    }

    private async Task<(ConnectionResolver Resolver, IConnectionStore Store)> CreateAsync(Dictionary<string, string> variables, string? dotEnv = null)
    {
        var home = await ConnectionTestHome.CreateAsync();
        _homes.Add(home);
        if (dotEnv is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(home.Directory, ".env"), dotEnv, Ct);
        }

        var store = home.Store(ConnectionTestHome.NewKey());
        return (new ConnectionResolver(store, BatonEnvironment.Create(home.Directory, variables)), store);
    }
}
