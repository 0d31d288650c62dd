using System.Text.Json.Serialization;

namespace Baton.Web.Api.Dags;

/// <summary>A DAG that failed to load (Airflow's <c>ImportError</c>): which one and why, without a stack trace.</summary>
internal sealed record ImportErrorJson(
    [property: JsonPropertyName("import_error_id")] int ImportErrorId,
    [property: JsonPropertyName("filename")] string Filename,
    [property: JsonPropertyName("stack_trace")] string StackTrace);
