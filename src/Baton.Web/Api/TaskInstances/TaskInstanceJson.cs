using System.Text.Json.Serialization;
using Baton.Metadata;
using Baton.Runs;

namespace Baton.Web.Api.TaskInstances;

/// <summary>A task instance (Airflow's <c>TaskInstance</c>) with its last try's error.</summary>
internal sealed record TaskInstanceJson
{
    [JsonPropertyName("task_id")]
    public required string TaskId { get; init; }

    [JsonPropertyName("dag_id")]
    public required string DagId { get; init; }

    [JsonPropertyName("dag_run_id")]
    public required string DagRunId { get; init; }

    [JsonPropertyName("map_index")]
    public int MapIndex { get; init; }

    [JsonPropertyName("state")]
    public required string State { get; init; }

    [JsonPropertyName("try_number")]
    public int TryNumber { get; init; }

    [JsonPropertyName("max_tries")]
    public int MaxTries { get; init; }

    [JsonPropertyName("start_date")]
    public DateTimeOffset? StartDate { get; init; }

    [JsonPropertyName("end_date")]
    public DateTimeOffset? EndDate { get; init; }

    /// <summary>Seconds the last try took.</summary>
    [JsonPropertyName("duration")]
    public double? Duration { get; init; }

    [JsonPropertyName("hostname")]
    public string? Hostname { get; init; }

    [JsonPropertyName("pid")]
    public int? Pid { get; init; }

    /// <summary>The last try's error, one line.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    public static TaskInstanceJson From(TaskInstanceRecord instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new TaskInstanceJson
        {
            TaskId = instance.TaskId, DagId = instance.DagId, DagRunId = instance.RunId, MapIndex = instance.MapIndex, State = StateNames.Of(instance.State),
            TryNumber = instance.TryNumber, MaxTries = instance.MaxTries, StartDate = instance.StartDate, EndDate = instance.EndDate,
            Duration = instance.Duration?.TotalSeconds, Hostname = instance.Hostname, Pid = instance.Pid, Error = instance.Error,
        };
    }
}
