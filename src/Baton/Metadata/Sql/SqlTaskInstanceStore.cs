using Baton.Runs;
using Dapper;

namespace Baton.Metadata.Sql;

/// <summary>The <c>task_instance</c> table: one row per task of a run (per element, for a mapped task), its state and tries.</summary>
internal sealed class SqlTaskInstanceStore(SqlDialect dialect) : SqlStoreBase(dialect)
{
    private const string Select = "SELECT " + TaskInstanceRow.Columns + " FROM task_instance";

    private const string DeleteTask = "DELETE FROM task_instance WHERE dag_id = @dagId AND run_id = @runId AND task_id = @taskId";

    public Task<IReadOnlyList<TaskInstanceRecord>> ListAsync(string dagId, string runId, CancellationToken cancellationToken) =>
        QueryAsync(Select + " WHERE dag_id = @dagId AND run_id = @runId ORDER BY task_id, map_index", new { dagId, runId }, cancellationToken);

    public Task<IReadOnlyList<TaskInstanceRecord>> ListInStatesAsync(IReadOnlyCollection<TaskInstanceState> states, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        return QueryAsync(Select + " WHERE state IN @states ORDER BY dag_id, run_id, task_id, map_index",
            new { states = states.Select(StateNames.Of).ToArray() }, cancellationToken);
    }

    public Task UpdateAsync(TaskInstanceRecord taskInstance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskInstance);
        return WriteAsync((connection, ct) => connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE task_instance SET state = @State, try_number = @TryNumber, max_tries = @MaxTries, start_date = @StartDate, end_date = @EndDate,
                duration_ms = @DurationMs, hostname = @Hostname, pid = @Pid, next_retry_at = @NextRetryAt, error = @Error
            WHERE dag_id = @DagId AND run_id = @RunId AND task_id = @TaskId AND map_index = @MapIndex
            """,
            TaskInstanceRow.From(taskInstance), cancellationToken: ct)), cancellationToken);
    }

    public Task ExpandMappedAsync(string dagId, string runId, string taskId, int count, int maxTries, CancellationToken cancellationToken) =>
        TransactAsync(async (connection, transaction, ct) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(DeleteTask, new { dagId, runId, taskId }, transaction, cancellationToken: ct)).ConfigureAwait(false);
            var instances = Enumerable.Range(0, count).Select(i => TaskInstanceRow.From(new TaskInstanceRecord
            {
                DagId = dagId, RunId = runId, TaskId = taskId, MapIndex = i, State = TaskInstanceState.None, MaxTries = maxTries,
            }));
            return await connection.ExecuteAsync(new CommandDefinition(TaskInstanceRow.InsertSql, instances, transaction, cancellationToken: ct)).ConfigureAwait(false);
        }, cancellationToken);

    public Task ResetAsync(string dagId, string runId, string taskId, int maxTries, CancellationToken cancellationToken) =>
        TransactAsync(async (connection, transaction, ct) =>
        {
            var tries = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT MAX(try_number) FROM task_instance WHERE dag_id = @dagId AND run_id = @runId AND task_id = @taskId",
                new { dagId, runId, taskId }, transaction, cancellationToken: ct)).ConfigureAwait(false) ?? 0;
            await connection.ExecuteAsync(new CommandDefinition(DeleteTask, new { dagId, runId, taskId }, transaction, cancellationToken: ct)).ConfigureAwait(false);
            return await connection.ExecuteAsync(new CommandDefinition(TaskInstanceRow.InsertSql, TaskInstanceRow.From(new TaskInstanceRecord
            {
                DagId = dagId, RunId = runId, TaskId = taskId, MapIndex = -1, State = TaskInstanceState.None, TryNumber = (int)tries, MaxTries = (int)tries + maxTries,
            }), transaction, cancellationToken: ct)).ConfigureAwait(false);
        }, cancellationToken);

    private Task<IReadOnlyList<TaskInstanceRecord>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken) => ReadAsync(async (connection, ct) =>
    {
        var rows = await connection.QueryAsync<TaskInstanceRow>(new CommandDefinition(sql, parameters, cancellationToken: ct)).ConfigureAwait(false);
        return (IReadOnlyList<TaskInstanceRecord>)rows.Select(r => r.ToRecord()).ToList();
    }, cancellationToken);
}
