using Baton.Tests.Metadata.Contract;

namespace Baton.Tests.Metadata.Sqlite;

public sealed class SqliteMigrationContract : MigrationContract
{
    protected override MetadataStoreFactory Factory { get; } = new SqliteStoreFactory();
}
