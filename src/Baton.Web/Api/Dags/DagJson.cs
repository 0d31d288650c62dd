using System.Text.Json.Serialization;

namespace Baton.Web.Api.Dags;

/// <summary>A DAG in a listing (Airflow's <c>DAG</c>).</summary>
internal sealed record DagJson
{
    [JsonPropertyName("dag_id")]
    public required string DagId { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("is_paused")]
    public bool IsPaused { get; init; }

    /// <summary>Whether the DAG is loaded from the app's code now (a row of a DAG no longer in the code is inactive).</summary>
    [JsonPropertyName("is_active")]
    public bool IsActive { get; init; }

    /// <summary>The schedule as written (cron or preset), or null for manual runs only.</summary>
    [JsonPropertyName("schedule_interval")]
    public string? ScheduleInterval { get; init; }

    [JsonPropertyName("tags")]
    public IReadOnlyList<DagTagJson> Tags { get; init; } = [];

    /// <summary>When the DAG was last loaded from code and its row written.</summary>
    [JsonPropertyName("last_parsed_time")]
    public DateTimeOffset? LastParsedTime { get; init; }
}
