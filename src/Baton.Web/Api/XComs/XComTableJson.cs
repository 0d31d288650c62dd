using System.Text.Json.Serialization;

namespace Baton.Web.Api.XComs;

/// <summary>The head of a table value: its columns, its row count and its first rows.</summary>
internal sealed record XComTableJson(
    [property: JsonPropertyName("columns")] IReadOnlyList<XComTableColumnJson> Columns,
    [property: JsonPropertyName("total_rows")] long TotalRows,
    [property: JsonPropertyName("rows")] IReadOnlyList<IReadOnlyList<object?>> Rows);
