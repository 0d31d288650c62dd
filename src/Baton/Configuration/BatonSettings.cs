using Microsoft.Extensions.Configuration;

namespace Baton.Configuration;

/// <summary>
/// Builds Baton's configuration: <c>baton.json</c> in the working directory, then environment variables
/// (<c>BATON__SECTION__KEY</c>, and <c>BATON_HOME</c> for <c>core:home</c>), the later winning.
/// </summary>
public static class BatonSettings
{
    /// <summary>The settings file read from the working directory.</summary>
    public const string SettingsFileName = "baton.json";

    /// <summary>The prefix of setting variables.</summary>
    public const string VariablePrefix = "BATON__";

    /// <summary>Builds the configuration for an environment.</summary>
    public static IConfigurationRoot Build(BatonEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var fromVariables = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (environment.Get("BATON_HOME") is { Length: > 0 } home)
        {
            fromVariables["core:home"] = home;
        }

        foreach (var (name, value) in environment.Variables)
        {
            if (name.StartsWith(VariablePrefix, StringComparison.OrdinalIgnoreCase) && name.Length > VariablePrefix.Length)
            {
                fromVariables[name[VariablePrefix.Length..].Replace("__", ":", StringComparison.Ordinal).ToLowerInvariant()] = value;
            }
        }

        return new ConfigurationBuilder()
            .SetBasePath(environment.WorkingDirectory)
            .AddJsonFile(SettingsFileName, optional: true, reloadOnChange: false)
            .AddInMemoryCollection(fromVariables)
            .Build();
    }
}
