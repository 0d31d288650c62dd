using System.Text.Encodings.Web;
using System.Text.Json;

namespace Baton.Connections;

/// <summary>Checks and normalisations shared by the connection forms; messages never repeat secret values.</summary>
internal static class ConnectionFields
{
    /// <summary>Airflow's limit on the length of a connection id.</summary>
    public const int MaxConnIdLength = 250;

    /// <summary>Writes JSON that keeps non-ASCII and <c>+</c>, <c>&amp;</c> readable; the text is stored, never embedded in HTML.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Throws unless <paramref name="connId"/> is made of letters, digits, <c>_</c>, <c>.</c> and <c>-</c>, as Airflow requires.</summary>
    public static void ValidateConnId(string connId)
    {
        ArgumentNullException.ThrowIfNull(connId);
        if (connId.Length == 0 || connId.Length > MaxConnIdLength || !connId.All(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '-'))
        {
            throw new ConnectionFormatException(connId,
                $"Connection id '{connId}' is not valid: use 1 to {MaxConnIdLength} letters, digits, '_', '.' and '-'.");
        }
    }

    /// <summary>Airflow's normalisation of a connection type: <c>postgresql</c> is <c>postgres</c>, and <c>-</c> becomes <c>_</c>.</summary>
    public static string NormalizeConnType(string connType) =>
        connType == "postgresql" ? "postgres" : connType.Replace('-', '_');

    /// <summary>
    /// Parses the text of a connection's extra, which must be a JSON object; <paramref name="what"/> names where the text came
    /// from in the error message. Null or blank text is an empty object.
    /// </summary>
    public static Dictionary<string, JsonElement> ParseExtra(string connId, string? extra, string what = "extra")
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(extra))
        {
            return values;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(extra);
        }
        catch (JsonException e)
        {
            // The JSON error names the offending character, which may be part of a secret: report the position only.
            throw new ConnectionFormatException(connId,
                $"Connection '{connId}': the {what} is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}); it must be a JSON object.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ConnectionFormatException(connId,
                    $"Connection '{connId}': the {what} is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}; it must be a JSON object.");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                values[property.Name] = property.Value.Clone();
            }
        }

        return values;
    }

    /// <summary>Throws unless <paramref name="extra"/> is null, blank or a JSON object; returns null for null or blank text.</summary>
    public static string? ValidatedExtra(string connId, string? extra, string what = "extra")
    {
        ParseExtra(connId, extra, what);
        return string.IsNullOrWhiteSpace(extra) ? null : extra;
    }

    /// <summary>Null for an empty string.</summary>
    public static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
