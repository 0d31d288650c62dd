using Baton.Metadata.Sql;
using Baton.Metadata.Sqlite;
using Baton.Tests.Metadata.Contract;
using Microsoft.Data.Sqlite;

namespace Baton.Tests.Metadata.Sqlite;

/// <summary>Each database is a new file in a temporary directory.</summary>
public sealed class SqliteStoreFactory : MetadataStoreFactory
{
    public override Task<MetadataTestDatabase> CreateDatabaseAsync(CancellationToken cancellationToken) =>
        Task.FromResult<MetadataTestDatabase>(new SqliteTestDatabase(Directory.CreateTempSubdirectory("baton-metadata-").FullName));

    private sealed class SqliteTestDatabase(string home) : MetadataTestDatabase(home)
    {
        private string File => Path.Combine(Home, "baton.db");

        public override async Task<byte[]> DumpAsync(CancellationToken cancellationToken)
        {
            // Recent writes sit in the write-ahead log until a checkpoint: the file and the log are what a copy holds.
            SqliteConnection.ClearAllPools();
            var bytes = new List<byte>(await System.IO.File.ReadAllBytesAsync(File, cancellationToken));
            if (System.IO.File.Exists(File + "-wal"))
            {
                bytes.AddRange(await System.IO.File.ReadAllBytesAsync(File + "-wal", cancellationToken));
            }

            return [.. bytes];
        }

        public override ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Home, recursive: true);
            return ValueTask.CompletedTask;
        }

        private protected override SqlDialect NewDialect() => new SqliteDialect(new SqliteConnectionStringBuilder { DataSource = File }.ToString());
    }
}
