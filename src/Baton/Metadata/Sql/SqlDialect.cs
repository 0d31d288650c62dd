using System.Data.Common;
using System.Reflection;

namespace Baton.Metadata.Sql;

/// <summary>
/// What one database brings to the metadata store: how to open a connection, what its errors mean, where its schema
/// migrations are, and the few statements its SQL must spell its own way. Everything else (every aspect's queries, the
/// row mapping, the migration flow) is shared SQL in the aspect classes on <see cref="SqlStoreBase"/>.
/// </summary>
/// <remarks>
/// The shared SQL uses <c>@name</c> parameters, Dapper's list expansion (<c>IN @states</c>),
/// <c>INSERT … ON CONFLICT (…) DO UPDATE SET x = excluded.x</c>, <c>DELETE … RETURNING</c> and <c>LIMIT n</c>, and
/// never <c>@p IS NULL</c> (PostgreSQL cannot type a null parameter there): SQLite 3.35+ and PostgreSQL both accept it.
/// Times are <c>TEXT</c> in <see cref="DbTime"/>'s format and booleans are whatever the provider maps <see cref="bool"/>
/// to, so a dialect's schema must keep those column types. One instance serves the whole process (a singleton), and
/// its members are called from many threads at once.
/// </remarks>
internal abstract class SqlDialect
{
    private readonly Lazy<IReadOnlyList<Migration>> _migrations;

    /// <summary>Creates the dialect; its migrations are read once, on first use.</summary>
    protected SqlDialect() => _migrations = new(() => Migration.Load(MigrationsAssembly, $"migrations/{Name}/"));

    /// <summary>The dialect's name in lower case (<c>sqlite</c>, <c>postgresql</c>); its migrations are the resources <c>migrations/{Name}/NNNN_name.sql</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The database as messages name it: a file path, or host, port and database. Never a password.</summary>
    public abstract string DisplayName { get; }

    /// <summary>
    /// The statement that claims a run, with parameters <c>@dagId</c>, <c>@runId</c>, <c>@Token</c>, <c>@Pid</c>,
    /// <c>@Hostname</c>, <c>@Since</c> and <c>@replacing</c>. It sets the owner when the run has none, is held by the same
    /// token (keeping <c>owned_since</c>) or by <c>@replacing</c>, and changes no row otherwise, also when two claim at once.
    /// </summary>
    /// <remarks>
    /// One conditional UPDATE is the check and the take, so no dialect needs more than this: SQLite runs it under the
    /// database's write lock, PostgreSQL re-checks the condition on the locked row after a concurrent claim commits.
    /// </remarks>
    public virtual string ClaimDagRunSql =>
        """
        UPDATE dag_run SET owner_token = @Token, owner_pid = @Pid, owner_hostname = @Hostname,
            owned_since = CASE WHEN owner_token = @Token THEN owned_since ELSE @Since END
        WHERE dag_id = @dagId AND run_id = @runId AND (owner_token IS NULL OR owner_token = @Token OR owner_token = @replacing)
        """;

    /// <summary>
    /// Appended to a <c>SELECT</c> of rows a write transaction then replaces, to lock them: <c>" FOR UPDATE"</c> where the
    /// database locks rows; empty where a write transaction already locks the whole database (SQLite).
    /// </summary>
    public virtual string ForUpdateClause => "";

    /// <summary>Creates the table that records applied migrations, if it does not exist.</summary>
    public virtual string CreateMigrationTableSql =>
        "CREATE TABLE IF NOT EXISTS baton_migration (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

    /// <summary>This dialect's migrations, in version order, read once.</summary>
    internal IReadOnlyList<Migration> Migrations => _migrations.Value;

    /// <summary>The assembly that embeds the migrations: the dialect's own unless overridden.</summary>
    protected virtual Assembly MigrationsAssembly => GetType().Assembly;

    /// <summary>
    /// Opens a connection with every session setting applied. Failures surface as the provider's exceptions (the store
    /// turns them into <see cref="MetadataStoreException"/> through <see cref="Classify"/> and <see cref="Describe"/>) or
    /// as a <see cref="MetadataStoreException"/> the dialect raised itself.
    /// </summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Waits until this process may write; dispose the result, after the write's connection, to let the next writer in.
    /// Null (the default) where the database takes concurrent writers itself.
    /// </summary>
    public virtual ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    /// <summary>
    /// Runs first inside each migration transaction, so processes migrating at once apply each migration once and do
    /// not race on creating the migration table (PostgreSQL: <c>pg_advisory_xact_lock</c>). Nothing by default: SQLite's
    /// write transaction already holds the database.
    /// </summary>
    public virtual Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>What a provider error means; <see cref="MetadataFailureKind.Other"/> when nothing more specific.</summary>
    public abstract MetadataFailureKind Classify(DbException error);

    /// <summary>
    /// One line for a failure of <paramref name="kind"/>: names the database (<see cref="DisplayName"/>) and what to do,
    /// and never quotes a password.
    /// </summary>
    public abstract string Describe(MetadataFailureKind kind, DbException error);

    /// <summary>The provider error as the exception a caller of the store sees.</summary>
    internal MetadataStoreException Translate(DbException error)
    {
        var kind = Classify(error);
        return new MetadataStoreException(kind, Describe(kind, error), error);
    }
}
