using System.Text.Json.Serialization;

namespace Baton.Web.Api.Connections;

/// <summary>One page of connections, by id.</summary>
internal sealed record ConnectionCollectionJson(
    [property: JsonPropertyName("connections")] IReadOnlyList<ConnectionJson> Connections,
    [property: JsonPropertyName("total_entries")] long TotalEntries);
