using System.Globalization;
using Baton.Benchmarks.Infrastructure;
using Baton.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Benchmarks.Scheduling;

/// <summary>
/// Fills the xcom table with the return values of earlier runs, as a database that has been in use for a while has:
/// the cost of a query that cannot use the table's key grows with it.
/// </summary>
internal static class XComHistory
{
    /// <summary>Inserts <paramref name="runs"/> × <paramref name="tasksPerRun"/> XCom rows of other runs of <paramref name="dagId"/>, in one transaction.</summary>
    public static async Task SeedAsync(BatonSandbox sandbox, string dagId, int runs, int tasksPerRun, CancellationToken cancellationToken)
    {
        var paths = sandbox.Services.GetRequiredService<BatonPaths>();
        await using var connection = new SqliteConnection($"Data Source={paths.DatabaseFile};Pooling=False");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            WITH RECURSIVE r(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM r WHERE i < @runs - 1),
                           t(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM t WHERE j < @tasks - 1)
            INSERT INTO xcom (dag_id, run_id, task_id, map_index, key, storage, value, location, format, compression, size, checksum, created_at)
            SELECT @dagId, 'scheduled__history_' || i, printf('t%04d', j), -1, 'return_value', 'inline', CAST('1' AS BLOB), NULL, 'json', 'none', 1, NULL,
                   '2024-01-01T00:00:00.000000Z'
            FROM r, t
            """;
        command.Parameters.AddWithValue("@runs", runs);
        command.Parameters.AddWithValue("@tasks", tasksPerRun);
        command.Parameters.AddWithValue("@dagId", dagId);
        var inserted = await command.ExecuteNonQueryAsync(cancellationToken);
        if (inserted != runs * tasksPerRun)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"seeded {inserted} XCom rows, expected {runs * tasksPerRun}"));
        }
    }
}
