using System.Text.Json.Serialization;

namespace Baton.Web.Api.DagRuns;

/// <summary>One page of runs, newest logical date first.</summary>
internal sealed record DagRunCollectionJson(
    [property: JsonPropertyName("dag_runs")] IReadOnlyList<DagRunJson> DagRuns,
    [property: JsonPropertyName("total_entries")] long TotalEntries);
