using System.Text.Json.Serialization;

namespace Baton.Web.Api.XComs;

/// <summary>A column of a table value.</summary>
internal sealed record XComTableColumnJson(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("nullable")] bool Nullable);
