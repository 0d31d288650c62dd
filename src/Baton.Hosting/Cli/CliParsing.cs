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
