using System.Text.Json.Serialization;

namespace Baton.Web.Api.Dags;

/// <summary>One page of DAGs.</summary>
internal sealed record DagCollectionJson(
    [property: JsonPropertyName("dags")] IReadOnlyList<DagJson> Dags,
    [property: JsonPropertyName("total_entries")] long TotalEntries);
