using System.Text.Json.Serialization;

namespace Baton.Web.Api.Dags;

/// <summary>A task of a DAG (Airflow's <c>Task</c>), with its upstream and downstream task ids.</summary>
internal sealed record TaskJson
{
    [JsonPropertyName("task_id")]
    public required string TaskId { get; init; }

    [JsonPropertyName("upstream_task_ids")]
    public IReadOnlyList<string> UpstreamTaskIds { get; init; } = [];

    [JsonPropertyName("downstream_task_ids")]
    public IReadOnlyList<string> DownstreamTaskIds { get; init; } = [];

    [JsonPropertyName("trigger_rule")]
    public required string TriggerRule { get; init; }

    [JsonPropertyName("is_mapped")]
    public bool IsMapped { get; init; }

    [JsonPropertyName("retries")]
    public int Retries { get; init; }

    /// <summary>The name of the type the task returns, or null.</summary>
    [JsonPropertyName("returns")]
    public string? Returns { get; init; }
}
