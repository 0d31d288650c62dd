using System.Text.Json.Serialization;

namespace Baton.Web.Api.TaskInstances;

/// <summary>The body of <c>POST /dags/{dag_id}/clearTaskInstances</c> (Airflow's <c>ClearTaskInstances</c>); <c>dry_run</c> is true unless set false.</summary>
internal sealed record ClearTaskInstancesJson(
    [property: JsonPropertyName("dry_run")] bool DryRun = true,
    [property: JsonPropertyName("task_ids")] IReadOnlyList<string>? TaskIds = null,
    [property: JsonPropertyName("dag_run_id")] string? DagRunId = null,
    [property: JsonPropertyName("include_downstream")] bool IncludeDownstream = false,
    [property: JsonPropertyName("only_failed")] bool OnlyFailed = false,
    [property: JsonPropertyName("start_date")] DateTimeOffset? StartDate = null,
    [property: JsonPropertyName("end_date")] DateTimeOffset? EndDate = null);
