
using Baton.Runs;
using Baton.XComs;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Baton.Metadata.Sqlite;

/// <summary>The metadata store on a SQLite file (WAL mode), the embedded default.</summary>
internal sealed partial class SqliteMetadataStore : IMetadataStore
{
    private const string RunColumns =
        "dag_id AS DagId, run_id AS RunId, run_type AS RunType, logical_date AS LogicalDate, data_interval_start AS DataIntervalStart, " +
        "data_interval_end AS DataIntervalEnd, state AS State, conf AS Conf, queued_at AS QueuedAt, start_date AS StartDate, end_date AS EndDate, " +
        "owner_token AS OwnerToken, owner_pid AS OwnerPid, owner_hostname AS OwnerHostname, owned_since AS OwnedSince";

    private const string TaskInstanceColumns =
        "dag_id AS DagId, run_id AS RunId, task_id AS TaskId, map_index AS MapIndex, state AS State, try_number AS TryNumber, " +
        "max_tries AS MaxTries, start_date AS StartDate, end_date AS EndDate, hostname AS Hostname, pid AS Pid, " +
        "next_retry_at AS NextRetryAt, error AS Error";

    private const string XComColumns =
        "dag_id AS DagId, run_id AS RunId, task_id AS TaskId, map_index AS MapIndex, key AS Key, storage AS Storage, value AS Value, " +
        "location AS Location, format AS Format, compression AS Compression, size AS Size, checksum AS Checksum, created_at AS CreatedAt";

    private readonly SqliteConnectionFactory _connections;
    private readonly TimeProvider _timeProvider;

    public SqliteMetadataStore(SqliteConnectionFactory connections, TimeProvider timeProvider)
    {
        _connections = connections;
        _timeProvider = timeProvider;
    }

    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        using var write = await _connections.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS baton_migration (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var done = new List<int>();
        foreach (var migration in Migration.Load("sqlite"))
        {
            // Checked inside the write transaction: two processes starting at once on a new database must not both apply it.
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var applied = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM baton_migration WHERE version = @Version", new { migration.Version }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (applied > 0)
            {
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO baton_migration (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                new { migration.Version, migration.Name, AppliedAt = DbTime.ToText(_timeProvider.GetUtcNow()) },
                transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            done.Add(migration.Version);
        }

        return done;
    }

    public async Task UpsertDagAsync(DagRecord dag, CancellationToken cancellationToken = default)
    {
        using var write = await _connections.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO dag (dag_id, is_paused, description, schedule, tags, last_seen_at)
            VALUES (@DagId, @IsPaused, @Description, @Schedule, @Tags, @LastSeenAt)
            ON CONFLICT (dag_id) DO UPDATE SET description = excluded.description, schedule = excluded.schedule,
                tags = excluded.tags, last_seen_at = excluded.last_seen_at
            """,
            new { dag.DagId, dag.IsPaused, dag.Description, dag.Schedule, Tags = string.Join(',', dag.Tags), LastSeenAt = DbTime.ToText(dag.LastSeenAt) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<DagRecord?> GetDagAsync(string dagId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<DagRow>(new CommandDefinition(
            DagSelect + " WHERE dag_id = @dagId", new { dagId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<DagRecord>> ListDagsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<DagRow>(new CommandDefinition(DagSelect + " ORDER BY dag_id", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<bool> SetDagPausedAsync(string dagId, bool isPaused, CancellationToken cancellationToken = default)
    {
        using var write = await _connections.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var count = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE dag SET is_paused = @isPaused WHERE dag_id = @dagId", new { dagId, isPaused }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return count > 0;
    }

    public async Task CreateDagRunAsync(DagRunRecord run, IReadOnlyList<TaskInstanceRecord> taskInstances, CancellationToken cancellationToken = default)
    {
        using var write = await _connections.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO dag_run (dag_id, run_id, run_type, logical_date, data_interval_start, data_interval_end, state, conf, queued_at, start_date, end_date,
                    owner_token, owner_pid, owner_hostname, owned_since)
                VALUES (@DagId, @RunId, @RunType, @LogicalDate, @DataIntervalStart, @DataIntervalEnd, @State, @Conf, @QueuedAt, @StartDate, @EndDate,
                    @OwnerToken, @OwnerPid, @OwnerHostname, @OwnedSince)
                """,
                DagRunRow.From(run), transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19 /* SQLITE_CONSTRAINT */)
        {
            throw new DagRunExistsException(run.DagId, run.RunId);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            InsertTaskInstanceSql, taskInstances.Select(TaskInstanceRow.From), transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<DagRunRecord?> GetDagRunAsync(string dagId, string runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<DagRunRow>(new CommandDefinition(
            $"SELECT {RunColumns} FROM dag_run WHERE dag_id = @dagId AND run_id = @runId", new { dagId, runId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<DagRunRecord>> ListDagRunsAsync(string? dagId = null, IReadOnlyCollection<DagRunState>? states = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var stateNames = states?.Select(StateNames.Of).ToArray();
        var rows = await connection.QueryAsync<DagRunRow>(new CommandDefinition(
            $"SELECT {RunColumns} FROM dag_run WHERE (@dagId IS NULL OR dag_id = @dagId) {(stateNames is null ? "" : "AND state IN @stateNames")} ORDER BY logical_date DESC, id DESC",
            new { dagId, stateNames }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<DagRunRecord?> GetLatestScheduledRunAsync(string dagId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QueryFirstOrDefaultAsync<DagRunRow>(new CommandDefinition(
            $"SELECT {RunColumns} FROM dag_run WHERE dag_id = @dagId AND run_type IN ('scheduled', 'backfill') ORDER BY logical_date DESC LIMIT 1",
            new { dagId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<DagRunRecord>> FindDagRunsByLogicalDateAsync(string dagId, DateTimeOffset logicalDate, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<DagRunRow>(new CommandDefinition(
            $"SELECT {RunColumns} FROM dag_run WHERE dag_id = @dagId AND logical_date = @logicalDate ORDER BY id",
            new { dagId, logicalDate = DbTime.ToText(logicalDate) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task UpdateDagRunAsync(DagRunRecord run, CancellationToken cancellationToken = default)
    {
        using var write = await _connections.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE dag_run SET state = @State, start_date = @StartDate, end_date = @EndDate, conf = @Conf WHERE dag_id = @DagId AND run_id = @RunId",
            DagRunRow.From(run), cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<DagRunRecord?> ClaimDagRunAsync(string dagId, string runId, DagRunOwner owner, string? replacing = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        using var write = await _connections.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // One conditional UPDATE is the check and the take: a claimant that lost the race changes no row.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE dag_run SET owner_token = @Token, owner_pid = @Pid, owner_hostname = @Hostname,
                owned_since = CASE WHEN owner_token = @Token THEN owned_since ELSE @Since END
            WHERE dag_id = @dagId AND run_id = @runId AND (owner_token IS NULL OR owner_token = @Token OR owner_token = @replacing)
            """,
            new { dagId, runId, owner.Token, owner.Pid, owner.Hostname, Since = DbTime.ToText(owner.Since), replacing }, transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<DagRunRow>(new CommandDefinition(
            $"SELECT {RunColumns} FROM dag_run WHERE dag_id = @dagId AND run_id = @runId", new { dagId, runId }, transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return row?.ToRecord();
    }

    public async Task<bool> ReleaseDagRunAsync(string dagId, string runId, string ownerToken, CancellationToken cancellationToken = default)
    {
        using var write = await _connections.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var count = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE dag_run SET owner_token = NULL, owner_pid = NULL, owner_hostname = NULL, owned_since = NULL
            WHERE dag_id = @dagId AND run_id = @runId AND owner_token = @ownerToken
            """,
            new { dagId, runId, ownerToken }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return count > 0;
    }

    public async Task<bool> DeleteDagRunAsync(string dagId, string runId, string ownerToken, CancellationToken cancellationToken = default)
    {
        using var write = await _connections.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var count = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM dag_run WHERE dag_id = @dagId AND run_id = @runId AND owner_token = @ownerToken",
            new { dagId, runId, ownerToken }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return count > 0;
    }

    public async Task<IReadOnlyList<DagRunRecord>> ListDagRunsBeforeAsync(DateTimeOffset logicalDateBefore, string? dagId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<DagRunRow>(new CommandDefinition(
            $"SELECT {RunColumns} FROM dag_run WHERE logical_date < @before AND (@dagId IS NULL OR dag_id = @dagId) ORDER BY logical_date",
            new { before = DbTime.ToText(logicalDateBefore), dagId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<IReadOnlyList<TaskInstanceRecord>> ListTaskInstancesAsync(string dagId, string runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<TaskInstanceRow>(new CommandDefinition(
            $"SELECT {TaskInstanceColumns} FROM task_instance WHERE dag_id = @dagId AND run_id = @runId ORDER BY task_id, map_index",
            new { dagId, runId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<IReadOnlyList<TaskInstanceRecord>> ListTaskInstancesInStatesAsync(IReadOnlyCollection<TaskInstanceState> states, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<TaskInstanceRow>(new CommandDefinition(
            $"SELECT {TaskInstanceColumns} FROM task_instance WHERE state IN @states ORDER BY dag_id, run_id, task_id, map_index",
            new { states = states.Select(StateNames.Of).ToArray() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task UpdateTaskInstanceAsync(TaskInstanceRecord taskInstance, CancellationToken cancellationToken = default)
    {
        using var write = await _connections.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE task_instance SET state = @State, try_number = @TryNumber, max_tries = @MaxTries, start_date = @StartDate, end_date = @EndDate,
                duration_ms = @DurationMs, hostname = @Hostname, pid = @Pid, next_retry_at = @NextRetryAt, error = @Error
            WHERE dag_id = @DagId AND run_id = @RunId AND task_id = @TaskId AND map_index = @MapIndex
            """,
            TaskInstanceRow.From(taskInstance), cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task ExpandMappedTaskAsync(string dagId, string runId, string taskId, int count, int maxTries, CancellationToken cancellationToken = default)
    {
        using var write = await _connections.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM task_instance WHERE dag_id = @dagId AND run_id = @runId AND task_id = @taskId",
            new { dagId, runId, taskId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var instances = Enumerable.Range(0, count).Select(i => TaskInstanceRow.From(new TaskInstanceRecord
        {
            DagId = dagId, RunId = runId, TaskId = taskId, MapIndex = i, State = TaskInstanceState.None, MaxTries = maxTries,
        }));
        await connection.ExecuteAsync(new CommandDefinition(InsertTaskInstanceSql, instances, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task ResetTaskAsync(string dagId, string runId, string taskId, int maxTries, CancellationToken cancellationToken = default)
    {
        using var write = await _connections.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var tries = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(try_number) FROM task_instance WHERE dag_id = @dagId AND run_id = @runId AND task_id = @taskId",
            new { dagId, runId, taskId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) ?? 0;
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM task_instance WHERE dag_id = @dagId AND run_id = @runId AND task_id = @taskId",
            new { dagId, runId, taskId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(InsertTaskInstanceSql, TaskInstanceRow.From(new TaskInstanceRecord
        {
            DagId = dagId, RunId = runId, TaskId = taskId, MapIndex = -1, State = TaskInstanceState.None, TryNumber = (int)tries, MaxTries = (int)tries + maxTries,
        }), transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<XComRecord?> SetXComAsync(XComRecord xcom, CancellationToken cancellationToken = default)
    {
        using var write = await _connections.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var key = XComRow.KeyOf(xcom.Key);
        var previous = await connection.QuerySingleOrDefaultAsync<XComRow>(new CommandDefinition(
            $"SELECT {XComColumns} FROM xcom WHERE {XComKeyPredicate}", key, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT OR REPLACE INTO xcom (dag_id, run_id, task_id, map_index, key, storage, value, location, format, compression, size, checksum, created_at)
            VALUES (@DagId, @RunId, @TaskId, @MapIndex, @Key, @Storage, @Value, @Location, @Format, @Compression, @Size, @Checksum, @CreatedAt)
            """,
            XComRow.From(xcom), transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return previous?.ToRecord();
    }

    public async Task<XComRecord?> GetXComAsync(XComKey key, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<XComRow>(new CommandDefinition(
            $"SELECT {XComColumns} FROM xcom WHERE {XComKeyPredicate}", XComRow.KeyOf(key), cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<XComRecord>> ListXComsAsync(XComFilter filter, CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<XComRow>(new CommandDefinition(
            $"SELECT {XComColumns} FROM xcom WHERE {XComFilterPredicate(filter)} ORDER BY dag_id, run_id, task_id, map_index, key",
            FilterParameters(filter), cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<IReadOnlyList<XComRecord>> DeleteXComsAsync(XComFilter filter, CancellationToken cancellationToken = default)
    {
        using var write = await _connections.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<XComRow>(new CommandDefinition(
            $"DELETE FROM xcom WHERE {XComFilterPredicate(filter)} RETURNING {XComColumns}",
            FilterParameters(filter), cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    private const string DagSelect = "SELECT dag_id AS DagId, is_paused AS IsPaused, description AS Description, schedule AS Schedule, tags AS Tags, last_seen_at AS LastSeenAt FROM dag";

    private const string InsertTaskInstanceSql =
        """
        INSERT INTO task_instance (dag_id, run_id, task_id, map_index, state, try_number, max_tries, start_date, end_date, duration_ms, hostname, pid, next_retry_at, error)
        VALUES (@DagId, @RunId, @TaskId, @MapIndex, @State, @TryNumber, @MaxTries, @StartDate, @EndDate, @DurationMs, @Hostname, @Pid, @NextRetryAt, @Error)
        """;

    private const string XComKeyPredicate = "dag_id = @DagId AND run_id = @RunId AND task_id = @TaskId AND map_index = @MapIndex AND key = @Key";

    /// <summary>
    /// The condition for the fields the filter sets, and only those: SQLite cannot use the key's index for a
    /// <c>(@X IS NULL OR x = @X)</c> term, so that form scanned the whole table at every try's start.
    /// </summary>
    private static string XComFilterPredicate(XComFilter filter)
    {
        var terms = new List<string>(6);
        if (filter.DagId is not null)
        {
            terms.Add("dag_id = @DagId");
        }

        if (filter.RunId is not null)
        {
            terms.Add("run_id = @RunId");
        }

        if (filter.TaskId is not null)
        {
            terms.Add("task_id = @TaskId");
        }

        if (filter.MapIndex is not null)
        {
            terms.Add("map_index = @MapIndex");
        }

        if (filter.Key is not null)
        {
            terms.Add("key = @Key");
        }

        if (filter.CreatedBefore is not null)
        {
            terms.Add("created_at < @CreatedBefore");
        }

        return terms.Count == 0 ? "1 = 1" : string.Join(" AND ", terms);
    }

    private static object FilterParameters(XComFilter filter) => new
    {
        filter.DagId, filter.RunId, filter.TaskId, filter.MapIndex, filter.Key, CreatedBefore = DbTime.ToText(filter.CreatedBefore),
    };

}
