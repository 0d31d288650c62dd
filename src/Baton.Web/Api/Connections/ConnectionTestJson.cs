using System.Text.Json.Serialization;

namespace Baton.Web.Api.Connections;

/// <summary>A connection test's outcome (Airflow's <c>ConnectionTest</c>): which step failed and why, never a secret.</summary>
internal sealed record ConnectionTestJson(
    [property: JsonPropertyName("status")] bool Status,
    [property: JsonPropertyName("message")] string Message);
