using System.Reflection;
using Baton.XComs;
using Baton.XComs.Backends;
using Microsoft.Extensions.DependencyInjection;

namespace Baton;

/// <summary>What the core adds to an <see cref="IBatonBuilder"/>: DAG assemblies and XCom backends.</summary>
public static class BatonBuilderExtensions
{
    /// <summary>Adds every <see cref="Dags.IDagDefinition"/> class of <paramref name="assemblies"/> to the DAGs Baton loads.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="assemblies">The assemblies to search, e.g. <c>typeof(Program).Assembly</c>.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static IBatonBuilder AddDags(this IBatonBuilder builder, params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(assemblies);
        var dags = BatonBuilder.In(builder.Services)
            ?? throw new InvalidOperationException("AddDags needs the builder that services.AddBaton() returned.");
        foreach (var assembly in assemblies)
        {
            ArgumentNullException.ThrowIfNull(assembly, nameof(assemblies));
            if (!dags.DagAssemblies.Contains(assembly))
            {
                dags.DagAssemblies.Add(assembly);
            }
        }

        return builder;
    }

    /// <summary>
    /// Registers a backend class of the user's (as the tutorial's <c>S3XComBackendJSON</c>) under <paramref name="name"/>,
    /// so that <c>BATON__XCOM__BACKEND=name</c> selects it; its constructor's parameters come from dependency injection.
    /// </summary>
    /// <typeparam name="TBackend">The backend class.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The name the setting uses; the class's name (<c>S3JsonXComBackend</c>) when null.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static IBatonBuilder AddXComBackend<TBackend>(this IBatonBuilder builder, string? name = null) where TBackend : XComBackend
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(new XComBackendAlias(name ?? typeof(TBackend).Name, typeof(TBackend)));
        return builder;
    }
}
