using Baton.Tests.Metadata.Contract;

namespace Baton.Tests.Metadata.Sqlite;

public sealed class SqliteTaskInstanceStoreContract : TaskInstanceStoreContract
{
    protected override MetadataStoreFactory Factory { get; } = new SqliteStoreFactory();
}
