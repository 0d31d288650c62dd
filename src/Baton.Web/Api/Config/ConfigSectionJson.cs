using System.Text.Json.Serialization;

namespace Baton.Web.Api.Config;

/// <summary>One section of settings.</summary>
internal sealed record ConfigSectionJson(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("options")] IReadOnlyList<ConfigOptionJson> Options);
