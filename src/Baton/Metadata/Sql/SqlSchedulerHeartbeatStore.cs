using Dapper;

namespace Baton.Metadata.Sql;

/// <summary>The <c>scheduler_heartbeat</c> table: one row per scheduler process (host and pid), with its latest heartbeat.</summary>
internal sealed class SqlSchedulerHeartbeatStore(SqlDialect dialect) : SqlStoreBase(dialect)
{
    /// <summary>Writes the process's heartbeat, creating its row (or replacing the row of an earlier process with the same pid).</summary>
    public Task BeatAsync(SchedulerHeartbeatRecord heartbeat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        return WriteAsync((connection, ct) => connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO scheduler_heartbeat (hostname, pid, started_at, latest_heartbeat) VALUES (@Hostname, @Pid, @StartedAt, @LatestHeartbeat)
            ON CONFLICT (hostname, pid) DO UPDATE SET started_at = excluded.started_at, latest_heartbeat = excluded.latest_heartbeat
            """,
            new { heartbeat.Hostname, heartbeat.Pid, StartedAt = DbTime.ToText(heartbeat.StartedAt), LatestHeartbeat = DbTime.ToText(heartbeat.LatestHeartbeat) },
            cancellationToken: ct)), cancellationToken);
    }

    /// <summary>The most recent heartbeat of any scheduler, or null when no scheduler ever wrote one.</summary>
    public Task<SchedulerHeartbeatRecord?> LatestAsync(CancellationToken cancellationToken) => ReadAsync(async (connection, ct) =>
    {
        var row = await connection.QueryFirstOrDefaultAsync<HeartbeatRow>(new CommandDefinition(
            "SELECT hostname AS Hostname, pid AS Pid, started_at AS StartedAt, latest_heartbeat AS LatestHeartbeat FROM scheduler_heartbeat ORDER BY latest_heartbeat DESC LIMIT 1",
            cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : new SchedulerHeartbeatRecord(row.Hostname, (int)row.Pid, DbTime.Parse(row.StartedAt), DbTime.Parse(row.LatestHeartbeat));
    }, cancellationToken);

    /// <summary>Deletes the rows of schedulers silent since before <paramref name="before"/>; returns how many.</summary>
    public Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        WriteAsync((connection, ct) => connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM scheduler_heartbeat WHERE latest_heartbeat < @before", new { before = DbTime.ToText(before) }, cancellationToken: ct)), cancellationToken);

    private sealed class HeartbeatRow
    {
        public string Hostname { get; set; } = "";
        public long Pid { get; set; }
        public string StartedAt { get; set; } = "";
        public string LatestHeartbeat { get; set; } = "";
    }
}
