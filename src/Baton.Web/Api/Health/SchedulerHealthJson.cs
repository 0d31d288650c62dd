using System.Text.Json.Serialization;

namespace Baton.Web.Api.Health;

/// <summary>
/// The scheduler's health: <c>healthy</c> when a scheduler wrote its heartbeat within the last 30 s (Airflow's
/// <c>scheduler_health_check_threshold</c>), else <c>unhealthy</c>; null times when no scheduler ever ran.
/// </summary>
internal sealed record SchedulerHealthJson(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("latest_scheduler_heartbeat")] DateTimeOffset? LatestSchedulerHeartbeat,
    [property: JsonPropertyName("heartbeat_age_seconds")] double? HeartbeatAgeSeconds);
