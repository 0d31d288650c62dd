using Baton.Runs;

namespace Baton.Metadata.Sql;

/// <summary>A <c>task_instance</c> row as Dapper reads and writes it; runs insert these too, with the run.</summary>
internal sealed class TaskInstanceRow
{
    public const string Columns =
        "dag_id AS DagId, run_id AS RunId, task_id AS TaskId, map_index AS MapIndex, state AS State, try_number AS TryNumber, " +
        "max_tries AS MaxTries, start_date AS StartDate, end_date AS EndDate, hostname AS Hostname, pid AS Pid, " +
        "next_retry_at AS NextRetryAt, error AS Error";

    public const string InsertSql =
        """
        INSERT INTO task_instance (dag_id, run_id, task_id, map_index, state, try_number, max_tries, start_date, end_date, duration_ms, hostname, pid, next_retry_at, error)
        VALUES (@DagId, @RunId, @TaskId, @MapIndex, @State, @TryNumber, @MaxTries, @StartDate, @EndDate, @DurationMs, @Hostname, @Pid, @NextRetryAt, @Error)
        """;

    public string DagId { get; set; } = "";
    public string RunId { get; set; } = "";
    public string TaskId { get; set; } = "";
    public long MapIndex { get; set; }
    public string State { get; set; } = "";
    public long TryNumber { get; set; }
    public long MaxTries { get; set; }
    public string? StartDate { get; set; }
    public string? EndDate { get; set; }
    public double? DurationMs { get; set; }
    public string? Hostname { get; set; }
    public long? Pid { get; set; }
    public string? NextRetryAt { get; set; }
    public string? Error { get; set; }

    public static TaskInstanceRow From(TaskInstanceRecord r) => new()
    {
        DagId = r.DagId, RunId = r.RunId, TaskId = r.TaskId, MapIndex = r.MapIndex, State = StateNames.Of(r.State),
        TryNumber = r.TryNumber, MaxTries = r.MaxTries, StartDate = DbTime.ToText(r.StartDate), EndDate = DbTime.ToText(r.EndDate),
        DurationMs = r.Duration?.TotalMilliseconds, Hostname = r.Hostname, Pid = r.Pid, NextRetryAt = DbTime.ToText(r.NextRetryAt), Error = r.Error,
    };

    public TaskInstanceRecord ToRecord() => new()
    {
        DagId = DagId, RunId = RunId, TaskId = TaskId, MapIndex = (int)MapIndex, State = StateNames.ParseTaskInstanceState(State),
        TryNumber = (int)TryNumber, MaxTries = (int)MaxTries, StartDate = DbTime.ParseOrNull(StartDate), EndDate = DbTime.ParseOrNull(EndDate),
        Hostname = Hostname, Pid = (int?)Pid, NextRetryAt = DbTime.ParseOrNull(NextRetryAt), Error = Error,
    };
}
