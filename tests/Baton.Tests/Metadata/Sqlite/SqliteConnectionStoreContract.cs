using Baton.Tests.Metadata.Contract;

namespace Baton.Tests.Metadata.Sqlite;

public sealed class SqliteConnectionStoreContract : ConnectionStoreContract
{
    protected override MetadataStoreFactory Factory { get; } = new SqliteStoreFactory();
}
