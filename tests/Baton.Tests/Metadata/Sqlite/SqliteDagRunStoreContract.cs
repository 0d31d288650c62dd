using Baton.Tests.Metadata.Contract;

namespace Baton.Tests.Metadata.Sqlite;

public sealed class SqliteDagRunStoreContract : DagRunStoreContract
{
    protected override MetadataStoreFactory Factory { get; } = new SqliteStoreFactory();
}
