using Baton.Metadata.Sql;
using Baton.Metadata.Sqlite;
using Microsoft.Data.Sqlite;

namespace Baton.Tests.Metadata.Sqlite;

/// <summary>
/// The run listings the web server pages through read an index in order, never sort the table: SQLite's
/// <c>EXPLAIN QUERY PLAN</c> of each names the index and no temporary B-tree (a sort of every row, 26 ms at 100,000 runs).
/// The Storage page's and the orphan sweep's queries read an index, not every row of the xcom table (2.2 s at a million XComs).
/// </summary>
public sealed class SqliteQueryPlanTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("baton-sqlite-plans-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("", "ix_dag_run_logical_date")]
    [InlineData(" WHERE logical_date >= '2024-01-01'", "ix_dag_run_logical_date")]
    [InlineData(" WHERE dag_id = 'etl'", "ix_dag_run_dag_logical_date")]
    public async Task RunsNewestFirst_ReadAnIndexInOrder(string where, string index)
    {
        var file = Path.Combine(_directory, "baton.db");
        await new SqlMetadataStore(new SqliteDialect($"Data Source={file}"), TimeProvider.System).MigrateAsync(Ct);

        var plan = await PlanAsync(file, $"SELECT * FROM dag_run{where} ORDER BY logical_date DESC, id DESC LIMIT 25 OFFSET 0");

        Assert.Contains($"USING INDEX {index}", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT dag_id, storage, COUNT(*), COALESCE(SUM(size), 0) FROM xcom GROUP BY dag_id, storage ORDER BY dag_id, storage", "COVERING INDEX ix_xcom_dag_storage_size")]
    [InlineData("SELECT location, size FROM xcom WHERE storage = 'object' AND location IS NOT NULL", "COVERING INDEX ix_xcom_location")]
    [InlineData("SELECT location FROM xcom WHERE location IS NOT NULL", "COVERING INDEX ix_xcom_location")]
    [InlineData("SELECT dag_id, run_id, task_id, map_index, key, storage, size, location FROM xcom ORDER BY size DESC LIMIT 20", "INDEX ix_xcom_size")]
    public async Task StorageQueries_ReadAnIndexNotTheTable(string sql, string index)
    {
        var file = Path.Combine(_directory, "baton.db");
        await new SqlMetadataStore(new SqliteDialect($"Data Source={file}"), TimeProvider.System).MigrateAsync(Ct);

        var plan = await PlanAsync(file, sql);

        Assert.Contains($"USING {index}", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN xcom\n", plan + "\n", StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }

    private static async Task<string> PlanAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var lines = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            lines.Add(reader.GetString(3));
        }

        return string.Join('\n', lines);
    }
}
