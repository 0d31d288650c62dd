using Baton.Configuration;
using Baton.Connections;
using Baton.Metadata;
using Baton.Metadata.Sql;
using Microsoft.Extensions.Options;

namespace Baton.Tests.Metadata.Contract;

/// <summary>
/// One empty database for one test, and stores on it: each <see cref="OpenStore"/> gets a dialect instance of its own
/// (its own connections and write gate), as another process on the same database has.
/// </summary>
public abstract class MetadataTestDatabase : IAsyncDisposable
{
    protected MetadataTestDatabase(string home) => Home = home;

    /// <summary>A temporary directory of this database's (BATON_HOME for the connection key file); deleted on dispose.</summary>
    public string Home { get; }

    /// <summary>A metadata store on this database, as one process has it.</summary>
    public IMetadataStore OpenStore(TimeProvider? timeProvider = null) => new SqlMetadataStore(NewDialect(), timeProvider ?? TimeProvider.System);

    /// <summary>A connection store on this database; an empty key means the key file in <see cref="Home"/>.</summary>
    public IConnectionStore OpenConnectionStore(string encryptionKey = "") => new SqlConnectionStore(NewDialect(), new ConnectionSecretProtector(
        Options.Create(new SecurityOptions { EncryptionKey = encryptionKey }), new BatonPaths(BatonEnvironment.Create(Home, new Dictionary<string, string>()), new CoreOptions { Home = Home })));

    /// <summary>The paged listings (the web server's) on this database.</summary>
    internal SqlMetadataQueries OpenQueries() => new(NewDialect());

    /// <summary>The key file <see cref="OpenConnectionStore"/> uses when given no key.</summary>
    public string KeyFile => Path.Combine(Home, "encryption.key");

    /// <summary>Every byte the database keeps, as someone who copied it would see them (a file, a dump).</summary>
    public abstract Task<byte[]> DumpAsync(CancellationToken cancellationToken);

    /// <summary>Drops the database and deletes <see cref="Home"/>.</summary>
    public abstract ValueTask DisposeAsync();

    /// <summary>A new dialect instance on this database.</summary>
    private protected abstract SqlDialect NewDialect();
}
