using System.Text.Json.Serialization;

namespace Baton.Web.Api.XComs;

/// <summary>One page of XCom entries, by DAG, run, task, map index and key.</summary>
internal sealed record XComEntryCollectionJson(
    [property: JsonPropertyName("xcom_entries")] IReadOnlyList<XComEntryJson> XComEntries,
    [property: JsonPropertyName("total_entries")] long TotalEntries);
