using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Hosting.Cli;

/// <summary>Parses the values commands take as text: dates (ISO 8601, UTC when no offset is given) and JSON objects.</summary>
internal static class CliParsing
{
    public static DateTimeOffset Date(string text, string what)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        throw new CliUsageException($"{what} '{text}' is not a date; use ISO 8601, e.g. 2022-12-20 or 2022-12-20T00:00:00+00:00");
    }

    /// <summary>A duration such as <c>90s</c>, <c>30m</c>, <c>12h</c>, <c>7d</c>, or a TimeSpan (<c>01:00:00</c>).</summary>
    public static TimeSpan Duration(string text, string what)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 1 && double.TryParse(trimmed[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            switch (char.ToLowerInvariant(trimmed[^1]))
            {
                case 's': return TimeSpan.FromSeconds(amount);
                case 'm': return TimeSpan.FromMinutes(amount);
                case 'h': return TimeSpan.FromHours(amount);
                case 'd': return TimeSpan.FromDays(amount);
            }
        }

        if (TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
        {
            return span;
        }

        throw new CliUsageException($"{what} '{text}' is not a duration; use e.g. 90s, 30m, 12h, 7d or 01:00:00");
    }

    /// <summary>A point in time: an ISO 8601 date, or a duration meaning that long before <paramref name="now"/>.</summary>
    public static DateTimeOffset DateOrAge(string text, DateTimeOffset now, string what)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            return date;
        }

        try
        {
            return now - Duration(text, what);
        }
        catch (CliUsageException)
        {
            throw new CliUsageException($"{what} '{text}' is neither a date (2024-01-31) nor an age (30d, 12h)");
        }
    }

    public static JsonObject? JsonObjectOrNull(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new CliUsageException($"{what} must be a JSON object, like '{{\"key\": 1}}'");
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"{what} is not valid JSON: {e.Message}", e);
        }
    }

    public static string Duration(TimeSpan? duration) =>
        duration is { } d ? d.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + "s" : "";

    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : "";
}
