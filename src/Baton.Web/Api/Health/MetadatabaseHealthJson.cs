using System.Text.Json.Serialization;

namespace Baton.Web.Api.Health;

/// <summary>Whether the metadata database answered; when not, why (one line, no secret).</summary>
internal sealed record MetadatabaseHealthJson(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("detail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail = null);
