using Baton.Tests.Metadata.Contract;

namespace Baton.Tests.Metadata.Sqlite;

public sealed class SqliteXComRowStoreContract : XComRowStoreContract
{
    protected override MetadataStoreFactory Factory { get; } = new SqliteStoreFactory();
}
