using System.Text.Json.Serialization;

namespace Baton.Web.Api.DagRuns;

/// <summary>The body of <c>POST /dags/{dag_id}/dagRuns/{dag_run_id}/clear</c>; <c>dry_run</c> is true unless set false, as in Airflow.</summary>
internal sealed record ClearDagRunJson(
    [property: JsonPropertyName("dry_run")] bool DryRun = true,
    [property: JsonPropertyName("only_failed")] bool OnlyFailed = false);
