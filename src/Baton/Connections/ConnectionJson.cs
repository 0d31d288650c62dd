using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Baton.Connections;

/// <summary>
/// Airflow's JSON form of a connection: <c>{"conn_type": "postgres", "host": "…", "login": "…", "password": "…",
/// "schema": "…", "port": 5432, "extra": {…}}</c>, every key but <c>conn_type</c> optional.
/// </summary>
/// <remarks>
/// <c>extra</c> may be a JSON object or a string holding one; <c>port</c> a number or a string of digits. A <c>conn_id</c>
/// key is allowed and ignored: the id the connection is stored or looked up under wins.
/// </remarks>
public static class ConnectionJson
{
    private const string KnownKeys = "conn_type, description, host, login, password, schema, port, extra";

    /// <summary>Parses the JSON form of connection <paramref name="connId"/>; empty strings are null.</summary>
    /// <exception cref="ConnectionFormatException">The connection id or the JSON is malformed; the message repeats no value.</exception>
    public static Connection Parse(string connId, string json)
    {
        ConnectionFields.ValidateConnId(connId);
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            // The JSON error names the offending character, which may be part of the password: report the position only.
            throw Malformed(connId, $"it is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(connId, $"it is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object");
            }

            string? connType = null, description = null, host = null, login = null, password = null, schema = null, extra = null;
            int? port = null;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "conn_type": connType = ReadString(connId, property); break;
                    case "description": description = ReadString(connId, property); break;
                    case "host": host = ReadString(connId, property); break;
                    case "login": login = ReadString(connId, property); break;
                    case "password": password = ReadString(connId, property); break;
                    case "schema": schema = ReadString(connId, property); break;
                    case "port": port = ReadPort(connId, property.Value); break;
                    case "extra": extra = ReadExtra(connId, property.Value); break;
                    case "conn_id": break;
                    default: throw Malformed(connId, $"it has the unknown key '{property.Name}' (known keys: {KnownKeys})");
                }
            }

            if (connType is null)
            {
                throw Malformed(connId, "it has no \"conn_type\"");
            }

            return new Connection
            {
                ConnId = connId,
                ConnType = ConnectionFields.NormalizeConnType(connType),
                Description = description,
                Host = host,
                Login = login,
                Password = password,
                Schema = schema,
                Port = port,
                Extra = extra,
            };
        }
    }

    /// <summary>
    /// The JSON form of <paramref name="connection"/> as Airflow writes it: null fields left out, no <c>conn_id</c>, the
    /// extra as an object and left out when empty.
    /// </summary>
    /// <remarks>The JSON carries the password and the extra; do not log it.</remarks>
    /// <exception cref="ConnectionFormatException">The extra is not a JSON object.</exception>
    public static string ToJson(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var extra = ConnectionFields.ParseExtra(connection.ConnId, connection.Extra);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, ConnectionFields.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("conn_type", connection.ConnType);
            WriteIfSet(writer, "description", connection.Description);
            WriteIfSet(writer, "host", connection.Host);
            WriteIfSet(writer, "login", connection.Login);
            WriteIfSet(writer, "password", connection.Password);
            WriteIfSet(writer, "schema", connection.Schema);
            if (connection.Port is { } port)
            {
                writer.WriteNumber("port", port);
            }

            if (extra.Count > 0)
            {
                writer.WriteStartObject("extra");
                foreach (var (key, value) in extra)
                {
                    writer.WritePropertyName(key);
                    value.WriteTo(writer);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string? ReadString(string connId, JsonProperty property) => property.Value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => ConnectionFields.NullIfEmpty(property.Value.GetString()),
        _ => throw Malformed(connId, $"\"{property.Name}\" is a JSON {property.Value.ValueKind.ToString().ToLowerInvariant()}, not a string or null"),
    };

    private static int? ReadPort(string connId, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Number when value.TryGetInt32(out var number) && number is >= 0 and <= 65535:
                return number;
            case JsonValueKind.String when value.GetString() is { Length: 0 }:
                return null;
            case JsonValueKind.String when value.GetString()!.All(char.IsAsciiDigit)
                && int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed <= 65535:
                return parsed;
            default:
                throw Malformed(connId, "\"port\" is not a whole number from 0 to 65535 (or a string of one)");
        }
    }

    private static string? ReadExtra(string connId, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.Object => value.GetRawText(),
        JsonValueKind.String => ConnectionFields.ValidatedExtra(connId, value.GetString(), "\"extra\" string"),
        _ => throw Malformed(connId, $"\"extra\" is a JSON {value.ValueKind.ToString().ToLowerInvariant()}, not an object or a string holding one"),
    };

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static ConnectionFormatException Malformed(string connId, string problem) =>
        new(connId, $"Connection '{connId}' has a malformed JSON form: {problem}.");
}
