using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Baton.Configuration;

/// <summary>
/// A section of Baton's settings and the options class bound to it. Registered as a singleton (as <c>AddBaton</c> does for
/// <c>core</c>, <c>xcom</c>, … and <c>AddBatonDataFrames</c> for <c>dataframes</c>) so that the command line checks the
/// section when it starts: every value converts to its property's type, the options' validators pass, and keys the class
/// does not have are reported as warnings.
/// </summary>
public sealed class BatonSettingsSection
{
    private readonly Func<IServiceProvider, object> _resolve;

    private BatonSettingsSection(string name, Type optionsType, Func<IServiceProvider, object> resolve)
    {
        Name = name;
        OptionsType = optionsType;
        _resolve = resolve;
    }

    /// <summary>The section's name in the configuration (<c>xcom</c> for <c>BATON__XCOM__…</c>).</summary>
    public string Name { get; }

    /// <summary>The options class bound to the section.</summary>
    public Type OptionsType { get; }

    /// <summary>Describes section <paramref name="name"/>, bound to <typeparamref name="TOptions"/>.</summary>
    public static BatonSettingsSection For<TOptions>(string name) where TOptions : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new BatonSettingsSection(name, typeof(TOptions), services => services.GetRequiredService<IOptions<TOptions>>().Value);
    }

    /// <summary>Binds and validates the options.</summary>
    /// <exception cref="OptionsValidationException">A validator failed.</exception>
    internal object Resolve(IServiceProvider services) => _resolve(services);
}
