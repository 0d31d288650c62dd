using System.Globalization;
using System.Text.Json;
using Baton.Configuration;
using Baton.Connections;

namespace Baton.Storage;

/// <summary>
/// Reads typed options from a connection's extra, in both of Airflow's spellings: <c>name</c> and the older
/// <c>extra__{type}__name</c> (the plain name wins when both are set). An option can be nested
/// (<c>config_kwargs.retries.max_attempts</c> is the path <c>"config_kwargs", "retries", "max_attempts"</c>).
/// </summary>
/// <remarks>
/// Absent options, JSON <c>null</c> and blank strings read as null. A value of the wrong shape throws a
/// <see cref="BatonConfigurationException"/> naming the connection and the option; secrets (<see cref="Secret"/>) are never
/// repeated in a message.
/// </remarks>
public sealed class ConnectionExtraReader
{
    /// <summary>The option every store reads as its request timeout, in seconds.</summary>
    public const string TimeoutOption = "timeout";

    private readonly IReadOnlyDictionary<string, JsonElement> _extra;
    private readonly string? _prefix;

    /// <summary>Reads the extra of <paramref name="connection"/>.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="airflowType">The type in Airflow's prefixed spelling, e.g. <c>google_cloud_platform</c> for
    /// <c>extra__google_cloud_platform__key_path</c>; null to read plain names only.</param>
    /// <exception cref="ConnectionFormatException">The extra is not a JSON object.</exception>
    public ConnectionExtraReader(Connection connection, string? airflowType = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ConnId = connection.ConnId;
        _extra = connection.ExtraDictionary();
        _prefix = string.IsNullOrEmpty(airflowType) ? null : $"extra__{airflowType}__";
    }

    /// <summary>The connection's id, for messages.</summary>
    public string ConnId { get; }

    /// <summary>The error for an option that is not what it must be: <c>Connection 'id': extra option 'name' must be …</c>.</summary>
    /// <param name="name">The option, dotted when nested.</param>
    /// <param name="expected">What it must be, e.g. <c>a whole number from 1 to 20</c>.</param>
    /// <param name="value">The value to show, or null for none (always null for a secret).</param>
    public BatonConfigurationException Invalid(string name, string expected, string? value = null) =>
        new($"Connection '{ConnId}': extra option '{name}' must be {expected}{(value is null ? "" : $", not '{value}'")}.");

    /// <summary>The option's JSON value, or null when it is absent, JSON null or a blank string.</summary>
    public JsonElement? Find(params string[] path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            throw new ArgumentException("an option path has at least one name", nameof(path));
        }

        if (!TryGet(path[0], out var value))
        {
            return null;
        }

        foreach (var name in path.Skip(1))
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
            {
                return null;
            }
        }

        return IsEmpty(value) ? null : value;
    }

    /// <summary>A text option: a string as it is (trimmed), a number or boolean as its JSON text.</summary>
    /// <exception cref="BatonConfigurationException">The value is an object or an array.</exception>
    public string? Text(params string[] path) => Find(path) is { } value ? TextOf(value, path) : null;

    /// <summary>A secret option: a string only, never repeated in a message.</summary>
    /// <exception cref="BatonConfigurationException">The value is not a string.</exception>
    public string? Secret(params string[] path) =>
        Find(path) is { } value
            ? value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : throw Invalid(Name(path), "a string")
            : null;

    /// <summary>A boolean option: <c>true</c>/<c>false</c>, or a string holding one.</summary>
    public bool? Bool(params string[] path)
    {
        if (Find(path) is not { } value)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
            _ => throw Invalid(Name(path), "true or false", Shown(value)),
        };
    }

    /// <summary>A whole-number option: a JSON number or a string of digits.</summary>
    public int? WholeNumber(params string[] path) =>
        Find(path) is { } value ? AsInt(value) ?? throw Invalid(Name(path), "a whole number", Shown(value)) : null;

    /// <summary>A whole-number option from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public int? WholeNumber(int min, int max, params string[] path) =>
        Find(path) is { } value
            ? AsInt(value) is { } number && number >= min && number <= max ? number : throw Invalid(Name(path), $"a whole number from {min} to {max}", Shown(value))
            : null;

    /// <summary>A duration in seconds (a number or a string holding one), more than 0 and at most an hour.</summary>
    public TimeSpan? Seconds(params string[] path)
    {
        if (Find(path) is not { } value)
        {
            return null;
        }

        var text = value.ValueKind is JsonValueKind.Number or JsonValueKind.String ? TextOf(value, path) : null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw Invalid(Name(path), "a number of seconds above 0 and at most 3600", Shown(value));
    }

    /// <summary>The request timeout: option <c>timeout</c> (seconds) when set, else <paramref name="fallback"/>.</summary>
    public TimeSpan Timeout(TimeSpan fallback) => Seconds(TimeoutOption) ?? fallback;

    /// <summary>A size in bytes: a number, or a string with an optional B/KB/KiB/MB/MiB/GB/GiB suffix (binary units).</summary>
    public long? Size(params string[] path)
    {
        if (Find(path) is not { } value)
        {
            return null;
        }

        var text = TextOf(value, path)!.ToUpperInvariant();
        long unit = 1;
        foreach (var (suffix, factor) in new (string, long)[] { ("GIB", 1L << 30), ("GB", 1L << 30), ("MIB", 1L << 20), ("MB", 1L << 20), ("KIB", 1L << 10), ("KB", 1L << 10), ("B", 1) })
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                text = text[..^suffix.Length].TrimEnd();
                unit = factor;
                break;
            }
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= long.MaxValue / unit
            ? number * unit
            : throw Invalid(Name(path), "a size in bytes, e.g. 8388608 or \"8MB\"", Shown(value));
    }

    /// <summary>An absolute http or https URL with a host.</summary>
    public Uri? Url(params string[] path)
    {
        var text = Text(path);
        if (text is null)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && !string.IsNullOrEmpty(url.Host)
            ? url
            : throw Invalid(Name(path), "an http:// or https:// URL such as http://127.0.0.1:9000", text);
    }

    private static int? AsInt(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out var number) => number,
        JsonValueKind.String when int.TryParse(value.GetString()!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    private bool TryGet(string name, out JsonElement value)
    {
        if (_extra.TryGetValue(name, out value) && !IsEmpty(value))
        {
            return true;
        }

        return _prefix is not null && _extra.TryGetValue(_prefix + name, out value) && !IsEmpty(value);
    }

    private string? TextOf(JsonElement value, string[] path) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!.Trim(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => throw Invalid(Name(path), $"a string, not a JSON {value.ValueKind.ToString().ToLowerInvariant()}"),
    };

    private static bool IsEmpty(JsonElement value) =>
        value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
        || (value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetString()));

    private static string Name(string[] path) => string.Join('.', path);

    private static string? Shown(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => $"a JSON {value.ValueKind.ToString().ToLowerInvariant()}",
    };
}
