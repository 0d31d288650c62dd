using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Baton.Configuration;

/// <summary>
/// Checks the JSON types of the values in the settings file (<c>baton.json</c>): the configuration binder sees only
/// strings, so <c>"threshold": [1]</c> or <c>"compression": 5</c> would otherwise reach a task as a strange value or
/// an unrelated error. A number or boolean setting also takes a string that converts (<c>"threshold": "100"</c>, as
/// <c>appsettings.json</c> allows); a string setting takes only a JSON string.
/// </summary>
internal sealed class SettingsFileTypes
{
    private const int ShownLength = 40;
    private readonly IConfigurationRoot _root;
    private readonly JsonConfigurationProvider _file;
    private readonly JsonElement _document;

    private SettingsFileTypes(IConfigurationRoot root, JsonConfigurationProvider file, JsonElement document)
    {
        _root = root;
        _file = file;
        _document = document;
    }

    /// <summary>The checker of the settings file <paramref name="configuration"/> read, or null when it read none.</summary>
    public static SettingsFileTypes? For(IConfiguration configuration)
    {
        if (configuration is not IConfigurationRoot root || root.Providers.OfType<JsonConfigurationProvider>().LastOrDefault() is not { } file
            || file.Source.FileProvider?.GetFileInfo(file.Source.Path ?? "") is not { Exists: true, PhysicalPath: { } path })
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return new SettingsFileTypes(root, file, document.RootElement.Clone());
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            // Building the configuration read the file a moment ago and reported what is wrong with it.
            return null;
        }
    }

    /// <summary>
    /// Whether the file's value for <paramref name="path"/> is the one in effect (no variable overrides it); when it is,
    /// <paramref name="element"/> is that value.
    /// </summary>
    public bool TryGetEffective(string path, out JsonElement element)
    {
        element = default;
        foreach (var provider in _root.Providers.Reverse())
        {
            if (ReferenceEquals(provider, _file))
            {
                return TryFind(path, out element);
            }

            if (provider.TryGet(path, out _) || provider.GetChildKeys([], path).Any())
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Why a section's value cannot hold settings, or null when it is an object.</summary>
    public static string? SectionProblem(string name, JsonElement value) =>
        value.ValueKind == JsonValueKind.Object
            ? null
            : $"must be an object of settings, like {{\"{name}\": {{\"key\": value}}}}, not {Describe(value)}";

    /// <summary>Why <paramref name="value"/> cannot set a property of <paramref name="type"/>, or null when it can.</summary>
    public static string? ValueProblem(Type type, JsonElement value)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        var (expected, fits) = target switch
        {
            _ when target == typeof(int) || target == typeof(long) || target == typeof(short) =>
                ("a whole number (a JSON number, without quotes)", value.ValueKind == JsonValueKind.Number ? value.TryGetInt64(out _) : Converts(target, value)),
            _ when target == typeof(double) || target == typeof(float) || target == typeof(decimal) =>
                ("a number (a JSON number, without quotes)", value.ValueKind == JsonValueKind.Number || Converts(target, value)),
            _ when target == typeof(bool) =>
                ("true or false (JSON true or false, without quotes)", value.ValueKind is JsonValueKind.True or JsonValueKind.False || Converts(target, value)),
            _ when target == typeof(TimeSpan) =>
                ("a duration in quotes, such as \"00:00:30\"", Converts(target, value)),
            _ => ("a string (a JSON string, in quotes)", value.ValueKind == JsonValueKind.String),
        };
        return fits ? null : $"must be {expected}, not {Describe(value)}";
    }

    private static bool Converts(Type type, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var text = value.GetString()!;
        return type switch
        {
            _ when type == typeof(int) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            _ when type == typeof(long) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            _ when type == typeof(short) => short.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            _ when type == typeof(bool) => bool.TryParse(text, out _),
            _ when type == typeof(TimeSpan) => TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out _),
            _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        };
    }

    /// <summary>A JSON value as a message shows it: its kind and, shortened, its text.</summary>
    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => $"the value {value.GetRawText()}",
        JsonValueKind.Number => $"the number {Shorten(value.GetRawText())}",
        JsonValueKind.String => $"the string {Shorten(value.GetRawText())}",
        JsonValueKind.Array => $"a list ({Shorten(value.GetRawText())})",
        _ => $"an object ({Shorten(value.GetRawText())})",
    };

    private static string Shorten(string text)
    {
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= ShownLength ? line : line[..ShownLength] + "…";
    }

    /// <summary>The file's value at a configuration path, keys matched without case as the configuration does.</summary>
    private bool TryFind(string path, out JsonElement element)
    {
        element = _document;
        foreach (var segment in path.Split(ConfigurationPath.KeyDelimiter))
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var found = false;
            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, segment, StringComparison.OrdinalIgnoreCase))
                {
                    // The last of duplicate keys wins, as in the configuration.
                    element = property.Value;
                    found = true;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }
}
