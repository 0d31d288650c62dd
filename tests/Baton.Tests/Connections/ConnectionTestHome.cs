using System.Security.Cryptography;
using Baton.Configuration;
using Baton.Connections;
using Baton.Metadata.Sql;
using Baton.Metadata.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Baton.Tests.Connections;

/// <summary>A temporary working directory with a Baton home and a migrated SQLite metadata database, deleted on dispose.</summary>
internal sealed class ConnectionTestHome : IDisposable
{
    private ConnectionTestHome(string directory, IReadOnlyDictionary<string, string> variables)
    {
        Directory = directory;
        Environment = BatonEnvironment.Create(directory, variables);
        Paths = new BatonPaths(Environment, new CoreOptions { Home = "home" });
        DatabaseFile = Path.Combine(directory, "baton.db");
        Dialect = new SqliteDialect($"Data Source={DatabaseFile}");
    }

    public string Directory { get; }

    public BatonEnvironment Environment { get; }

    public BatonPaths Paths { get; }

    public string DatabaseFile { get; }

    public SqlDialect Dialect { get; }

    public static async Task<ConnectionTestHome> CreateAsync(IReadOnlyDictionary<string, string>? variables = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("baton-connections-").FullName;
        var home = new ConnectionTestHome(directory, variables ?? new Dictionary<string, string>());
        await new SqlMetadataStore(home.Dialect, TimeProvider.System).MigrateAsync(TestContext.Current.CancellationToken);
        return home;
    }

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public ConnectionSecretProtector Protector(string encryptionKey = "") =>
        new(Options.Create(new SecurityOptions { EncryptionKey = encryptionKey }), Paths);

    public IConnectionStore Store(string encryptionKey = "") => new SqlConnectionStore(Dialect, Protector(encryptionKey));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
