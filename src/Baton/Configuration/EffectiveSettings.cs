using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Configuration;

/// <summary>
/// Every effective setting of every registered section, secrets masked, with the variable that sets it: what
/// <c>config list</c> prints and the web server's <c>/config</c> returns.
/// </summary>
internal static class EffectiveSettings
{
    /// <summary>The settings, section by section in registration order, then the absolute home directory.</summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A section's settings are invalid.</exception>
    public static IReadOnlyList<EffectiveSetting> List(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var settings = new List<EffectiveSetting>();
        foreach (var section in services.GetServices<BatonSettingsSection>().DistinctBy(s => s.Name, StringComparer.OrdinalIgnoreCase))
        {
            var options = section.Resolve(services);
            foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var key = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
                var raw = Convert.ToString(property.GetValue(options), CultureInfo.InvariantCulture) ?? "";
                // A key that names a secret (encryption_key, api_token) is hidden whole; any other value loses only what looks like one.
                var value = SecretText.IsSecretKey(key) ? (raw.Length == 0 ? "" : "***") : SecretText.Mask(raw);
                settings.Add(new EffectiveSetting(section.Name, key, value, BatonSettingNames.VariableFor($"{section.Name}:{key}")));
            }
        }

        settings.Add(new EffectiveSetting("paths", "home (absolute)", services.GetRequiredService<BatonPaths>().Home, BatonSettings.HomeVariable));
        return settings;
    }
}
