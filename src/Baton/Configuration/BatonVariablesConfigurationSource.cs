using Microsoft.Extensions.Configuration;

namespace Baton.Configuration;

/// <summary>The settings that come from variables (<c>BATON__SECTION__KEY</c>, <c>BATON_HOME</c>), remembering which variable set each key.</summary>
internal sealed class BatonVariablesConfigurationSource(BatonEnvironment environment) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new BatonVariablesConfigurationProvider(environment);
}

/// <summary>Provides the variables' settings under keys such as <c>xcom:path</c>.</summary>
internal sealed class BatonVariablesConfigurationProvider : ConfigurationProvider
{
    private readonly BatonEnvironment _environment;
    private readonly Dictionary<string, string> _variableOfKey = new(StringComparer.OrdinalIgnoreCase);

    public BatonVariablesConfigurationProvider(BatonEnvironment environment)
    {
        _environment = environment;
    }

    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        _variableOfKey.Clear();
        if (_environment.Get(BatonSettings.HomeVariable) is { Length: > 0 } home)
        {
            data[BatonSettings.HomeKey] = home;
            _variableOfKey[BatonSettings.HomeKey] = BatonSettings.HomeVariable;
        }

        foreach (var (name, value) in _environment.Variables.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (name.StartsWith(BatonSettings.VariablePrefix, StringComparison.OrdinalIgnoreCase) && name.Length > BatonSettings.VariablePrefix.Length)
            {
                var key = name[BatonSettings.VariablePrefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal).ToLowerInvariant();
                data[key] = value;
                _variableOfKey[key] = name;
            }
        }

        Data = data;
    }

    /// <summary>The variable that set <paramref name="key"/>, as the user wrote it, and whether it is in <c>.env</c>; null when no variable did.</summary>
    public (string Variable, bool FromDotEnvFile)? SourceOf(string key) =>
        _variableOfKey.TryGetValue(key, out var variable) ? (variable, _environment.IsFromDotEnvFile(variable)) : null;
}
