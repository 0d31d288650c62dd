namespace Baton.Runs;

/// <summary>The snake_case names Airflow uses for states and run types, used in the database and on the CLI.</summary>
internal static class StateNames
{
    /// <summary>The name of a task instance state (<c>up_for_retry</c>, <c>upstream_failed</c>, …).</summary>
    public static string Of(TaskInstanceState state) => state switch
    {
        TaskInstanceState.None => "none",
        TaskInstanceState.Scheduled => "scheduled",
        TaskInstanceState.Queued => "queued",
        TaskInstanceState.Running => "running",
        TaskInstanceState.Success => "success",
        TaskInstanceState.Failed => "failed",
        TaskInstanceState.UpForRetry => "up_for_retry",
        TaskInstanceState.UpstreamFailed => "upstream_failed",
        TaskInstanceState.Skipped => "skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>The name of a DAG run state.</summary>
    public static string Of(DagRunState state) => state switch
    {
        DagRunState.Queued => "queued",
        DagRunState.Running => "running",
        DagRunState.Success => "success",
        DagRunState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>The name of a run type, which is also the prefix of generated run ids.</summary>
    public static string Of(DagRunType runType) => runType switch
    {
        DagRunType.Manual => "manual",
        DagRunType.Scheduled => "scheduled",
        DagRunType.Backfill => "backfill",
        _ => throw new ArgumentOutOfRangeException(nameof(runType), runType, null),
    };

    /// <summary>Parses a task instance state name.</summary>
    public static TaskInstanceState ParseTaskInstanceState(string name) =>
        Enum.GetValues<TaskInstanceState>().First(s => Of(s) == name);

    /// <summary>Parses a DAG run state name.</summary>
    public static DagRunState ParseDagRunState(string name) =>
        Enum.GetValues<DagRunState>().First(s => Of(s) == name);

    /// <summary>Parses a run type name.</summary>
    public static DagRunType ParseDagRunType(string name) =>
        Enum.GetValues<DagRunType>().First(s => Of(s) == name);
}
