using System.Text.Json.Serialization;

namespace Baton.Web.Api.Connections;

/// <summary>The body that creates, changes or tests a connection; <c>password</c> and <c>extra</c> (a JSON object, or its text) are only ever written.</summary>
internal sealed record ConnectionBodyJson(
    [property: JsonPropertyName("connection_id")] string ConnectionId,
    [property: JsonPropertyName("conn_type")] string ConnType,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("host")] string? Host,
    [property: JsonPropertyName("login")] string? Login,
    [property: JsonPropertyName("schema")] string? Schema,
    [property: JsonPropertyName("port")] int? Port,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("extra")] string? Extra);
