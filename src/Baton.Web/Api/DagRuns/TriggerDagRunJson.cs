using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Baton.Web.Api.DagRuns;

/// <summary>The body of <c>POST /dags/{dag_id}/dagRuns</c>: every member optional.</summary>
internal sealed record TriggerDagRunJson(
    [property: JsonPropertyName("dag_run_id")] string? DagRunId,
    [property: JsonPropertyName("logical_date")] DateTimeOffset? LogicalDate,
    [property: JsonPropertyName("conf")] JsonObject? Conf);
