using Baton.Metadata.Sqlite;
using Microsoft.Data.Sqlite;

namespace Baton.Tests.Metadata;

public sealed class SqliteMigrationTests
{
    [Fact]
    public async Task Migrate_TwoProcessesAtOnceOnANewDatabase_BothSucceedAndApplyEachVersionOnce()
    {
        var home = Directory.CreateTempSubdirectory("baton-migrate-").FullName;
        try
        {
            // Two connection factories have two write gates, as two processes do: only SQLite stands between them.
            for (var round = 0; round < 10; round++)
            {
                var file = Path.Combine(home, $"baton-{round}.db");
                var first = new SqliteMetadataStore(new SqliteConnectionFactory($"Data Source={file}"), TimeProvider.System);
                var second = new SqliteMetadataStore(new SqliteConnectionFactory($"Data Source={file}"), TimeProvider.System);

                var applied = await Task.WhenAll(Task.Run(() => first.MigrateAsync(TestContext.Current.CancellationToken)), Task.Run(() => second.MigrateAsync(TestContext.Current.CancellationToken)));

                var versions = applied.SelectMany(v => v).Order().ToList();
                Assert.Equal(versions.Distinct(), versions);
                Assert.Empty(await first.MigrateAsync(TestContext.Current.CancellationToken));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(home, recursive: true);
        }
    }
}
