using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Baton.Web.Api.Dags;

/// <summary>A DAG with its schedule, dates, params and tasks (Airflow's <c>DAGDetail</c>, without source code).</summary>
internal sealed record DagDetailsJson
{
    [JsonPropertyName("dag_id")]
    public required string DagId { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("is_paused")]
    public bool IsPaused { get; init; }

    [JsonPropertyName("schedule_interval")]
    public string? ScheduleInterval { get; init; }

    [JsonPropertyName("tags")]
    public IReadOnlyList<DagTagJson> Tags { get; init; } = [];

    [JsonPropertyName("start_date")]
    public DateTimeOffset? StartDate { get; init; }

    [JsonPropertyName("end_date")]
    public DateTimeOffset? EndDate { get; init; }

    [JsonPropertyName("catchup")]
    public bool Catchup { get; init; }

    [JsonPropertyName("max_active_runs")]
    public int MaxActiveRuns { get; init; }

    /// <summary>The params' defaults; a run's conf overrides them (checked against their types when triggered).</summary>
    [JsonPropertyName("params")]
    public JsonObject? Params { get; init; }

    [JsonPropertyName("tasks")]
    public IReadOnlyList<TaskJson> Tasks { get; init; } = [];
}
