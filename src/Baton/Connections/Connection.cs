using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Baton.Connections;

/// <summary>
/// The credentials and location of an external system, as in Airflow: a type, a host, a schema, a login, a password,
/// a port and an <see cref="Extra"/> JSON object for everything else.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> masks the password and the extra as <c>***</c>, so a connection can be logged. The URI and JSON
/// forms (<see cref="ToUri"/>, <see cref="ToJson"/>) carry the secrets and must not be logged.
/// </remarks>
public sealed record Connection
{
    private const string Mask = "***";

    /// <summary>The id tasks look the connection up by (letters, digits, <c>_</c>, <c>.</c> and <c>-</c>).</summary>
    public required string ConnId { get; init; }

    /// <summary>The kind of system, e.g. <c>postgres</c>, <c>http</c>, <c>aws</c>, <c>google_cloud_platform</c>.</summary>
    public required string ConnType { get; init; }

    /// <summary>What the connection is for, for people.</summary>
    public string? Description { get; init; }

    /// <summary>The host name or address; may carry a protocol, e.g. <c>https://example.com</c>.</summary>
    public string? Host { get; init; }

    /// <summary>The database, path or other "schema" part of the URI.</summary>
    public string? Schema { get; init; }

    /// <summary>The user name.</summary>
    public string? Login { get; init; }

    /// <summary>The password; encrypted at rest and masked by <see cref="ToString"/>.</summary>
    public string? Password { get; init; }

    /// <summary>The port.</summary>
    public int? Port { get; init; }

    /// <summary>
    /// The text of a JSON object with the type-specific settings (e.g. <c>{"sslmode": "require"}</c>); encrypted at rest and
    /// masked by <see cref="ToString"/>. Read it with <see cref="ExtraDictionary"/> or <see cref="GetExtra"/>.
    /// </summary>
    public string? Extra { get; init; }

    /// <summary>Parses the URI form (<c>type://login:password@host:port/schema?key=value</c>) or, when the text starts with <c>{</c>, the JSON form.</summary>
    /// <exception cref="ConnectionFormatException">The text is malformed.</exception>
    public static Connection Parse(string connId, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.TrimStart().StartsWith('{') ? ConnectionJson.Parse(connId, value) : ConnectionUri.Parse(connId, value);
    }

    /// <summary>The entries of <see cref="Extra"/>; empty when there is no extra.</summary>
    /// <exception cref="ConnectionFormatException"><see cref="Extra"/> is not a JSON object.</exception>
    public IReadOnlyDictionary<string, JsonElement> ExtraDictionary() => ConnectionFields.ParseExtra(ConnId, Extra);

    /// <summary>
    /// One entry of <see cref="Extra"/>: a JSON string as its value, any other JSON value as its JSON text (e.g. <c>true</c>,
    /// <c>5</c>, <c>{"a":1}</c>); null when the key is absent or its value is JSON null.
    /// </summary>
    /// <exception cref="ConnectionFormatException"><see cref="Extra"/> is not a JSON object.</exception>
    public string? GetExtra(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!ExtraDictionary().TryGetValue(key, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => value.GetString(),
            _ => value.GetRawText(),
        };
    }

    /// <summary>The URI form, Airflow-compatible; it carries the password and the extra.</summary>
    public string ToUri() => ConnectionUri.ToUri(this);

    /// <summary>The JSON form, Airflow-compatible; it carries the password and the extra.</summary>
    public string ToJson() => ConnectionJson.ToJson(this);

    /// <summary>The connection's fields with the password and the extra masked as <c>***</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("Connection { ");
        text.Append(CultureInfo.InvariantCulture, $"ConnId = {ConnId}, ConnType = {ConnType}");
        Append(text, nameof(Description), Description);
        Append(text, nameof(Host), Host);
        Append(text, nameof(Schema), Schema);
        Append(text, nameof(Login), Login);
        Append(text, nameof(Password), Password is null ? null : Mask);
        Append(text, nameof(Port), Port?.ToString(CultureInfo.InvariantCulture));
        Append(text, nameof(Extra), Extra is null ? null : Mask);
        return text.Append(" }").ToString();
    }

    private static void Append(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", {name} = {value}");
        }
    }
}
