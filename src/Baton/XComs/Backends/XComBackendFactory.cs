using Baton.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Baton.XComs.Backends;

/// <summary>Creates the backend that <c>BATON__XCOM__BACKEND</c> names: an alias registered by Baton or a provider, or a user's class.</summary>
internal sealed class XComBackendFactory
{
    private readonly IReadOnlyDictionary<string, Type> _aliases;

    /// <summary>Creates the factory with the known aliases (<c>database</c>, and those providers add).</summary>
    public XComBackendFactory(IEnumerable<XComBackendAlias> aliases)
    {
        _aliases = aliases.GroupBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last().BackendType, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Resolves the backend type for a setting value.</summary>
    /// <exception cref="BatonConfigurationException">No such alias or type, or the type does not derive from <see cref="XComBackend"/>.</exception>
    public Type ResolveType(string setting) => ResolveType(setting, "BATON__XCOM__BACKEND");

    /// <summary>Resolves the backend type for a setting value; errors name the setting <paramref name="settingName"/>.</summary>
    internal Type ResolveType(string setting, string settingName)
    {
        ArgumentNullException.ThrowIfNull(setting);
        if (_aliases.TryGetValue(setting.Trim(), out var aliased))
        {
            return aliased;
        }

        Type? type;
        try
        {
            type = Type.GetType(setting.Trim(), throwOnError: false);
        }
        catch (Exception e) when (e is ArgumentException or IOException or BadImageFormatException or TypeLoadException)
        {
            throw new BatonConfigurationException($"{settingName}='{setting}' cannot be loaded: {e.Message}", e);
        }

        if (type is null)
        {
            throw new BatonConfigurationException(
                $"{settingName}='{setting}' names no known backend and no loadable type. Use one of " +
                $"{string.Join(", ", _aliases.Keys.Order(StringComparer.Ordinal))}, or an assembly-qualified type name such as 'MyApp.MyBackend, MyApp'.");
        }

        if (!typeof(XComBackend).IsAssignableFrom(type) || type.IsAbstract)
        {
            throw new BatonConfigurationException(
                $"{settingName}='{setting}': type {type.FullName} must be a non-abstract class deriving from {typeof(XComBackend).FullName}.");
        }

        return type;
    }

    /// <summary>Creates the configured backend with dependency injection.</summary>
    public XComBackend Create(IServiceProvider services)
    {
        var setting = services.GetRequiredService<IOptions<XComOptions>>().Value.Backend;
        var type = ResolveType(setting);
        return (XComBackend)ActivatorUtilities.CreateInstance(services, type);
    }
}
