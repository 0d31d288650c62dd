using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Baton.Connections;

/// <summary>
/// Airflow's URI form of a connection: <c>type://login:password@host:port/schema?key=value&amp;key2=value2</c>, with each
/// part percent-encoded and the query parameters making the extra JSON object.
/// </summary>
/// <remarks>
/// As in Airflow, the type has <c>-</c> where the connection type has <c>_</c> (<c>google-cloud-platform://</c> is
/// <c>google_cloud_platform</c>), <c>postgresql://</c> is <c>postgres</c>, a host may carry its own protocol
/// (<c>http://https://example.com</c>), and an extra that is not a flat object of strings travels as the JSON text in the
/// <c>__extra__</c> query parameter.
/// </remarks>
public static class ConnectionUri
{
    /// <summary>The query parameter whose value is the whole extra as JSON text, as in Airflow.</summary>
    public const string ExtraQueryParameter = "__extra__";

    private const string SchemeSeparator = "://";
    private const string Expected = "expected type://login:password@host:port/schema?key=value with reserved characters percent-encoded";

    /// <summary>Parses the URI form of connection <paramref name="connId"/>; empty parts are null.</summary>
    /// <exception cref="ConnectionFormatException">The connection id or the URI is malformed; the message does not repeat the URI.</exception>
    public static Connection Parse(string connId, string uri)
    {
        ConnectionFields.ValidateConnId(connId);
        ArgumentNullException.ThrowIfNull(uri);
        uri = uri.Trim();

        var schemeEnd = uri.IndexOf(SchemeSeparator, StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            throw Malformed(connId, $"the URI has no '{SchemeSeparator}' after the connection type");
        }

        var scheme = uri[..schemeEnd];
        if (!IsScheme(scheme))
        {
            throw Malformed(connId, "the connection type before '://' is empty or has characters other than letters, digits, '+', '-', '.' and '_'");
        }

        var rest = uri[(schemeEnd + SchemeSeparator.Length)..];
        string? protocol = null;
        var protocolEnd = rest.IndexOf(SchemeSeparator, StringComparison.Ordinal);
        if (protocolEnd >= 0 && IsScheme(rest[..protocolEnd]))
        {
            protocol = rest[..protocolEnd];
            rest = rest[(protocolEnd + SchemeSeparator.Length)..];
        }

        var authorityEnd = rest.IndexOfAny(['/', '?', '#']);
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var remainder = authorityEnd < 0 ? "" : rest[authorityEnd..];

        string? login = null;
        string? password = null;
        var hostPort = authority;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            hostPort = authority[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            login = ConnectionFields.NullIfEmpty(Unescape(colon < 0 ? userInfo : userInfo[..colon]));
            password = colon < 0 ? null : ConnectionFields.NullIfEmpty(Unescape(userInfo[(colon + 1)..]));
        }

        var (host, port) = ParseHostPort(connId, hostPort);
        if (host is not null && protocol is not null)
        {
            host = $"{protocol}{SchemeSeparator}{host}";
        }

        var fragment = remainder.IndexOf('#', StringComparison.Ordinal);
        if (fragment >= 0)
        {
            remainder = remainder[..fragment];
        }

        var queryStart = remainder.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? remainder : remainder[..queryStart];
        var query = queryStart < 0 ? "" : remainder[(queryStart + 1)..];

        return new Connection
        {
            ConnId = connId,
            ConnType = ConnectionFields.NormalizeConnType(scheme.ToLowerInvariant()),
            Host = host,
            Port = port,
            Login = login,
            Password = password,
            Schema = path.Length > 1 ? Unescape(path[1..]) : null,
            Extra = ParseQuery(connId, query),
        };
    }

    /// <summary>The URI form of <paramref name="connection"/>, which <see cref="Parse"/> reads back to an equal connection (description aside).</summary>
    /// <remarks>The URI carries the password and the extra; do not log it. The description has no place in the URI form.</remarks>
    /// <exception cref="ConnectionFormatException">The extra is not a JSON object.</exception>
    public static string ToUri(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var uri = new StringBuilder();
        var connType = connection.ConnType.ToLowerInvariant();
        uri.Append(connType.Replace('_', '-')).Append(SchemeSeparator);

        var host = connection.Host;
        var protocolEnd = host?.IndexOf(SchemeSeparator, StringComparison.Ordinal) ?? -1;
        if (host is not null && protocolEnd > 0 && IsScheme(host[..protocolEnd]) && host[..protocolEnd] != connType)
        {
            // A host with its own protocol keeps it readable (http://https://example.com); Parse puts it back on the host.
            uri.Append(host.AsSpan(0, protocolEnd)).Append(SchemeSeparator);
            host = host[(protocolEnd + SchemeSeparator.Length)..];
        }

        var authority = new StringBuilder();
        if (connection.Login is not null)
        {
            authority.Append(Uri.EscapeDataString(connection.Login));
        }

        if (connection.Password is not null)
        {
            authority.Append(':').Append(Uri.EscapeDataString(connection.Password));
        }

        if (authority.Length > 0)
        {
            uri.Append(authority).Append('@');
        }

        var hasHost = !string.IsNullOrEmpty(host);
        if (hasHost)
        {
            uri.Append(Uri.EscapeDataString(host!));
        }

        if (connection.Port is { } port)
        {
            // As in Airflow: a bare ":port" would read as an empty authority, so the port goes after an empty user part.
            uri.Append(!hasHost && authority.Length == 0 ? "@:" : ":").Append(port.ToString(CultureInfo.InvariantCulture));
        }

        var hasSchema = !string.IsNullOrEmpty(connection.Schema);
        if (hasSchema)
        {
            uri.Append('/').Append(Uri.EscapeDataString(connection.Schema!));
        }

        var query = FormatQuery(connection);
        if (query.Length > 0)
        {
            uri.Append(hasSchema ? "?" : "/?").Append(query);
        }

        return uri.ToString();
    }

    private static (string? Host, int? Port) ParseHostPort(string connId, string hostPort)
    {
        string host;
        string? portText = null;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Malformed(connId, "the host starts with '[' but has no ']'");
            }

            host = hostPort[1..close];
            var after = hostPort[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    throw Malformed(connId, "the host in '[...]' is followed by something other than ':port'");
                }

                portText = after[1..];
            }
        }
        else
        {
            var colon = hostPort.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? hostPort : hostPort[..colon];
            portText = colon < 0 ? null : hostPort[(colon + 1)..];
        }

        int? port = null;
        if (!string.IsNullOrEmpty(portText))
        {
            // The text is not echoed: with an unencoded '/' or '@' in the password, what sits here is part of the password.
            if (!portText.All(char.IsAsciiDigit)
                || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || number > 65535)
            {
                throw Malformed(connId, "the port is not a number from 0 to 65535 (percent-encode '/', '?', '#' and '@' in the login and password)");
            }

            port = number;
        }

        return (ConnectionFields.NullIfEmpty(Unescape(host)), port);
    }

    private static string? ParseQuery(string connId, string query)
    {
        var parameters = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = WebUtility.UrlDecode(equals < 0 ? pair : pair[..equals]);
            parameters[name] = WebUtility.UrlDecode(equals < 0 ? "" : pair[(equals + 1)..]);
        }

        if (parameters.TryGetValue(ExtraQueryParameter, out var extraJson))
        {
            return ConnectionFields.ValidatedExtra(connId, extraJson, $"'{ExtraQueryParameter}' query parameter");
        }

        if (parameters.Count == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, ConnectionFields.WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in parameters)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string FormatQuery(Connection connection)
    {
        var extra = ConnectionFields.ParseExtra(connection.ConnId, connection.Extra);
        if (extra.Count == 0)
        {
            return "";
        }

        if (extra.Values.All(v => v.ValueKind == JsonValueKind.String) && !extra.ContainsKey(ExtraQueryParameter))
        {
            return string.Join('&', extra.Select(e => $"{FormEscape(e.Key)}={FormEscape(e.Value.GetString()!)}"));
        }

        // Numbers, booleans, nulls and nested values would come back as strings from key=value pairs, so they travel as JSON.
        return $"{ExtraQueryParameter}={FormEscape(connection.Extra!)}";
    }

    private static string FormEscape(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);

    private static string Unescape(string value) => Uri.UnescapeDataString(value);

    private static bool IsScheme(string value) =>
        value.Length > 0 && char.IsAsciiLetter(value[0]) && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.' or '_');

    private static ConnectionFormatException Malformed(string connId, string problem) =>
        new(connId, $"Connection '{connId}' has a malformed URI: {problem}; {Expected}.");
}
