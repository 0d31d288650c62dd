using System.Text.Json.Serialization;

namespace Baton.Web.Api.Config;

/// <summary>One setting: key, value (secrets masked) and the variable that sets it.</summary>
internal sealed record ConfigOptionJson(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("variable")] string Variable);
