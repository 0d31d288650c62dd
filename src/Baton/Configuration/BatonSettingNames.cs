using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Baton.Configuration;

/// <summary>
/// Names a setting the way the user wrote it, for error messages: the variable that set it (<c>BATON__XCOM__PATH</c>,
/// <c>BATON__XCOM__PATH in .env</c>) or its key in the settings file (<c>xcom.path in baton.json</c>). A setting nobody
/// wrote is named by the variable that would set it.
/// </summary>
public sealed class BatonSettingNames
{
    private readonly IConfiguration? _configuration;

    /// <summary>Names settings by where <paramref name="configuration"/> found them (built by <see cref="BatonSettings.Build"/>).</summary>
    public BatonSettingNames(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _configuration = configuration;
    }

    private BatonSettingNames()
    {
    }

    /// <summary>Names every setting by its variable (<c>BATON__SECTION__KEY</c>), for when the source is unknown.</summary>
    public static BatonSettingNames Variables { get; } = new();

    /// <summary>The name of setting <paramref name="key"/> of <paramref name="section"/>, e.g. <c>("xcom", "path")</c>.</summary>
    public string Of(string section, string key) => Of(ConfigurationPath.Combine(section, key));

    /// <summary>The name of the setting at a configuration path such as <c>xcom:path</c>.</summary>
    public string Of(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (_configuration is IConfigurationRoot root)
        {
            foreach (var provider in root.Providers.Reverse())
            {
                // A list or an object in the file (xcom.threshold: [1]) has no value of its own, only children.
                if (!provider.TryGet(path, out _) && !provider.GetChildKeys([], path).Any())
                {
                    continue;
                }

                if (provider is BatonVariablesConfigurationProvider variables && variables.SourceOf(path) is { } source)
                {
                    return source.FromDotEnvFile ? $"{source.Variable} in {BatonEnvironment.DotEnvFileName}" : source.Variable;
                }

                if (provider is JsonConfigurationProvider json)
                {
                    return $"{string.Join('.', AsWritten(provider, path))} in {Path.GetFileName(json.Source.Path)}";
                }

                break;
            }
        }

        return VariableFor(path);
    }

    /// <summary>The variable that sets a configuration path: <c>xcom:path</c> → <c>BATON__XCOM__PATH</c>, <c>core:home</c> → <c>BATON_HOME</c>.</summary>
    public static string VariableFor(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return string.Equals(path, BatonSettings.HomeKey, StringComparison.OrdinalIgnoreCase)
            ? BatonSettings.HomeVariable
            : BatonSettings.VariablePrefix + path.Replace(ConfigurationPath.KeyDelimiter, "__", StringComparison.Ordinal).ToUpperInvariant();
    }

    /// <summary>The path's segments with the case the file uses.</summary>
    private static IEnumerable<string> AsWritten(IConfigurationProvider provider, string path)
    {
        string? parent = null;
        foreach (var segment in path.Split(ConfigurationPath.KeyDelimiter))
        {
            var written = provider.GetChildKeys([], parent).FirstOrDefault(k => string.Equals(k, segment, StringComparison.OrdinalIgnoreCase)) ?? segment;
            parent = parent is null ? written : ConfigurationPath.Combine(parent, written);
            yield return written;
        }
    }
}
