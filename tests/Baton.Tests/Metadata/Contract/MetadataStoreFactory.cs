namespace Baton.Tests.Metadata.Contract;

/// <summary>
/// Creates the databases the metadata contract suites run on: one subclass per dialect (<c>SqliteStoreFactory</c> now;
/// PostgreSQL's beside it once Baton.PostgreSql exists), and per suite one small subclass that names the factory.
/// </summary>
public abstract class MetadataStoreFactory
{
    /// <summary>A new, empty database (not migrated) that is dropped when disposed.</summary>
    public abstract Task<MetadataTestDatabase> CreateDatabaseAsync(CancellationToken cancellationToken);
}
