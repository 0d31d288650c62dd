using System.Text.Json.Serialization;
using Baton.Connections;

namespace Baton.Web.Api.Connections;

/// <summary>
/// A connection as the API returns it (Airflow's <c>Connection</c>): never its password or extra, which are write-only.
/// <c>source</c> says whether it is in the database or defined by a <c>BATON_CONN_*</c> variable (which wins).
/// </summary>
internal sealed record ConnectionJson
{
    [JsonPropertyName("connection_id")]
    public required string ConnectionId { get; init; }

    [JsonPropertyName("conn_type")]
    public required string ConnType { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("host")]
    public string? Host { get; init; }

    [JsonPropertyName("login")]
    public string? Login { get; init; }

    [JsonPropertyName("schema")]
    public string? Schema { get; init; }

    [JsonPropertyName("port")]
    public int? Port { get; init; }

    /// <summary><c>database</c> or <c>env</c>.</summary>
    [JsonPropertyName("source")]
    public required string Source { get; init; }

    public static ConnectionJson From(Connection connection, string source)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new ConnectionJson
        {
            ConnectionId = connection.ConnId, ConnType = connection.ConnType, Description = connection.Description, Host = connection.Host,
            Login = connection.Login, Schema = connection.Schema, Port = connection.Port, Source = source,
        };
    }
}
