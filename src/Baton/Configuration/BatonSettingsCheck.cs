using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Baton.Configuration;

/// <summary>
/// Checks every registered settings section (<see cref="BatonSettingsSection"/>) before any work: each value converts to
/// its property's type, each options class passes its validators, and keys no class has are warned about. Every problem
/// of every section is reported at once, each naming the setting as the user wrote it.
/// </summary>
internal static class BatonSettingsCheck
{
    /// <summary>Checks the settings; adds the warnings (keys no options class has) to <paramref name="warnings"/> before it throws.</summary>
    /// <exception cref="BatonConfigurationException">One or more settings are invalid; the message lists them all.</exception>
    public static void Run(IServiceProvider services, ICollection<string> warnings)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var names = services.GetService<BatonSettingNames>() ?? BatonSettingNames.Variables;
        var file = SettingsFileTypes.For(configuration);
        var problems = new List<string>();
        foreach (var section in services.GetServices<BatonSettingsSection>().DistinctBy(s => s.Name, StringComparer.OrdinalIgnoreCase))
        {
            var convertible = CheckValues(configuration.GetSection(section.Name), section, names, file, problems, warnings);
            if (!convertible)
            {
                // Binding would only fail again on the same value.
                continue;
            }

            try
            {
                _ = section.Resolve(services);
            }
            catch (OptionsValidationException e)
            {
                problems.AddRange(e.Failures);
            }
        }

        // A section whose options depend on another's (xcom's store providers need the database) repeats that one's problems.
        problems = problems.Distinct(StringComparer.Ordinal).ToList();
        if (problems.Count == 1)
        {
            throw new BatonConfigurationException($"invalid setting: {problems[0]}");
        }

        if (problems.Count > 1)
        {
            throw new BatonConfigurationException($"{problems.Count} invalid settings:", problems);
        }
    }

    /// <summary>Checks that each value of the section converts to its property's type; false if one does not.</summary>
    private static bool CheckValues(
        IConfigurationSection values, BatonSettingsSection section, BatonSettingNames names, SettingsFileTypes? file, List<string> problems, ICollection<string> warnings)
    {
        if (values.Value is not null)
        {
            // "scheduler": 5 in the file, or BATON__SCHEDULER=5: a value where a section of settings belongs.
            var problem = file is not null && file.TryGetEffective(values.Path, out var written) && SettingsFileTypes.SectionProblem(section.Name, written) is { } wrong
                ? wrong
                : $"must be a section of settings ({names.Of(section.Name, "key")}=value), not a value";
            problems.Add($"{names.Of(values.Path)} {problem}");
            return false;
        }

        var properties = section.OptionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? p.Name, StringComparer.OrdinalIgnoreCase);
        var convertible = true;
        foreach (var child in values.GetChildren())
        {
            if (!properties.TryGetValue(child.Key, out var property))
            {
                var closest = Closest(child.Key, properties.Keys);
                var suggestion = closest is null ? $"the known keys of '{section.Name}' are {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))}" : $"did you mean {names.Of(section.Name, closest)}?";
                warnings.Add($"{names.Of(child.Path)} is not a setting Baton knows and is ignored; {suggestion}");
                continue;
            }

            if (ValueProblem(child, property.PropertyType, file) is { } problem)
            {
                // The binder's message names the key as "xcom:threshold"; the user wrote a variable or a JSON key.
                problems.Add($"{names.Of(child.Path)} {problem}");
                convertible = false;
            }
        }

        return convertible;
    }

    /// <summary>Why the setting's value cannot be bound to <paramref name="type"/>, or null when it can.</summary>
    private static string? ValueProblem(IConfigurationSection setting, Type type, SettingsFileTypes? file)
    {
        if (file is not null && file.TryGetEffective(setting.Path, out var written))
        {
            // Written in the file: its JSON type says more than the string the configuration made of it.
            return SettingsFileTypes.ValueProblem(type, written);
        }

        if (setting.Value is null)
        {
            // BATON__XCOM__THRESHOLD__0=1 makes a list of what is one value.
            return setting.GetChildren().Any() ? $"must be {Expected(type)}, not a list or an object" : null;
        }

        if (type == typeof(string))
        {
            return null;
        }

        try
        {
            _ = setting.Get(type);
            return null;
        }
        catch (InvalidOperationException)
        {
            return $"must be {Expected(type)}, not '{setting.Value}'";
        }
    }

    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(TimeSpan) => "a duration such as 00:00:30 (hh:mm:ss)",
            _ when type == typeof(double) || type == typeof(decimal) || type == typeof(float) => "a number such as 1.5",
            _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
            _ => "a " + type.Name.ToLower(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The known key a typo most likely meant (at most two edits away), or null.</summary>
    private static string? Closest(string key, IEnumerable<string> known) =>
        known.Select(k => (Key: k, Distance: Distance(key.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(c => c.Distance <= 2)
            .OrderBy(c => c.Distance)
            .Select(c => c.Key)
            .FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
