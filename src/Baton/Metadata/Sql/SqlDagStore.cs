using Dapper;

namespace Baton.Metadata.Sql;

/// <summary>The <c>dag</c> table: one row per DAG, with its paused state and what was last seen of it.</summary>
internal sealed class SqlDagStore(SqlDialect dialect) : SqlStoreBase(dialect)
{
    private const string Select =
        "SELECT dag_id AS DagId, is_paused AS IsPaused, description AS Description, schedule AS Schedule, tags AS Tags, last_seen_at AS LastSeenAt FROM dag";

    public Task UpsertAsync(DagRecord dag, CancellationToken cancellationToken) => WriteAsync((connection, ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO dag (dag_id, is_paused, description, schedule, tags, last_seen_at)
            VALUES (@DagId, @IsPaused, @Description, @Schedule, @Tags, @LastSeenAt)
            ON CONFLICT (dag_id) DO UPDATE SET description = excluded.description, schedule = excluded.schedule,
                tags = excluded.tags, last_seen_at = excluded.last_seen_at
            """,
            new { dag.DagId, dag.IsPaused, dag.Description, dag.Schedule, Tags = string.Join(',', dag.Tags), LastSeenAt = DbTime.ToText(dag.LastSeenAt) },
            cancellationToken: ct)), cancellationToken);

    public Task<DagRecord?> GetAsync(string dagId, CancellationToken cancellationToken) => ReadAsync(async (connection, ct) =>
    {
        var row = await connection.QuerySingleOrDefaultAsync<DagRow>(new CommandDefinition(
            Select + " WHERE dag_id = @dagId", new { dagId }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToRecord();
    }, cancellationToken);

    public Task<IReadOnlyList<DagRecord>> ListAsync(CancellationToken cancellationToken) => ReadAsync(async (connection, ct) =>
    {
        var rows = await connection.QueryAsync<DagRow>(new CommandDefinition(Select + " ORDER BY dag_id", cancellationToken: ct)).ConfigureAwait(false);
        return (IReadOnlyList<DagRecord>)rows.Select(r => r.ToRecord()).ToList();
    }, cancellationToken);

    public async Task<bool> SetPausedAsync(string dagId, bool isPaused, CancellationToken cancellationToken) =>
        await WriteAsync((connection, ct) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE dag SET is_paused = @isPaused WHERE dag_id = @dagId", new { dagId, isPaused }, cancellationToken: ct)), cancellationToken).ConfigureAwait(false) > 0;

    private sealed class DagRow
    {
        public string DagId { get; set; } = "";
        public bool IsPaused { get; set; }
        public string? Description { get; set; }
        public string? Schedule { get; set; }
        public string Tags { get; set; } = "";
        public string LastSeenAt { get; set; } = "";

        public DagRecord ToRecord() => new()
        {
            DagId = DagId, IsPaused = IsPaused, Description = Description, Schedule = Schedule,
            Tags = Tags.Length == 0 ? [] : Tags.Split(','), LastSeenAt = DbTime.Parse(LastSeenAt),
        };
    }
}
