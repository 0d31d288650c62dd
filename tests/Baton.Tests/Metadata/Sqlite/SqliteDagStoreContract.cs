using Baton.Tests.Metadata.Contract;

namespace Baton.Tests.Metadata.Sqlite;

public sealed class SqliteDagStoreContract : DagStoreContract
{
    protected override MetadataStoreFactory Factory { get; } = new SqliteStoreFactory();
}
