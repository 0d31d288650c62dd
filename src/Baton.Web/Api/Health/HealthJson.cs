using System.Text.Json.Serialization;

namespace Baton.Web.Api.Health;

/// <summary>The server's health (Airflow's <c>HealthInfo</c>): the metadata database and the latest scheduler heartbeat.</summary>
internal sealed record HealthJson(
    [property: JsonPropertyName("metadatabase")] MetadatabaseHealthJson Metadatabase,
    [property: JsonPropertyName("scheduler")] SchedulerHealthJson Scheduler);
