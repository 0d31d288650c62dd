using System.Text.Json.Serialization;

namespace Baton.Web.Api.Dags;

/// <summary>One page of load errors.</summary>
internal sealed record ImportErrorCollectionJson(
    [property: JsonPropertyName("import_errors")] IReadOnlyList<ImportErrorJson> ImportErrors,
    [property: JsonPropertyName("total_entries")] long TotalEntries);
