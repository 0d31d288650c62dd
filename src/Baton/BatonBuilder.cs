using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Baton;

/// <summary>The one builder of a service collection: it remembers the DAG assemblies until the <c>DagBag</c> is built.</summary>
internal sealed class BatonBuilder(IServiceCollection services) : IBatonBuilder
{
    public IServiceCollection Services { get; } = services;

    /// <summary>The assemblies searched for DAG definitions, in the order they were added.</summary>
    public List<Assembly> DagAssemblies { get; } = [];

    /// <summary>The builder already registered in <paramref name="services"/>, or null.</summary>
    public static BatonBuilder? In(IServiceCollection services) =>
        services.Where(d => d.ServiceType == typeof(BatonBuilder)).Select(d => d.ImplementationInstance).OfType<BatonBuilder>().FirstOrDefault();
}
