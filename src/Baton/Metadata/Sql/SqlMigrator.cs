using Dapper;

namespace Baton.Metadata.Sql;

/// <summary>
/// Brings the schema to the newest version: in one transaction that first takes the dialect's migration lock, creates
/// <c>baton_migration</c> if needed and applies, in version order, each of the dialect's migrations it does not record.
/// Processes starting at once on a new database therefore apply each version once, and a failing migration leaves the
/// schema as it was.
/// </summary>
internal sealed class SqlMigrator(SqlDialect dialect, TimeProvider timeProvider) : SqlStoreBase(dialect)
{
    public Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken) => TransactAsync(async (connection, transaction, ct) =>
    {
        await Dialect.LockForMigrationAsync(connection, transaction, ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(Dialect.CreateMigrationTableSql, transaction: transaction, cancellationToken: ct)).ConfigureAwait(false);
        var recorded = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT version FROM baton_migration", transaction: transaction, cancellationToken: ct)).ConfigureAwait(false)).ToHashSet();
        var applied = new List<int>();
        foreach (var migration in Dialect.Migrations.Where(m => !recorded.Contains(m.Version)))
        {
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: ct)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO baton_migration (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                new { migration.Version, migration.Name, AppliedAt = DbTime.ToText(timeProvider.GetUtcNow()) }, transaction, cancellationToken: ct)).ConfigureAwait(false);
            applied.Add(migration.Version);
        }

        return (IReadOnlyList<int>)applied;
    }, cancellationToken);
}
