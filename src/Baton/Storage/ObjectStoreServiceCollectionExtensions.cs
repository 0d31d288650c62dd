using Baton.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Baton.Storage;

/// <summary>Registers object store providers.</summary>
public static class ObjectStoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds a store provider: <typeparamref name="TProvider"/> as a singleton, as an <see cref="IObjectStoreProvider"/> (so
    /// <c>BATON__XCOM__PATH</c> may use its schemes) and as the <see cref="IConnectionTester"/> of its connection types (the
    /// probe <c>connections test</c> runs on every store). Everything is added with <c>TryAdd</c>: calling it twice adds it
    /// once, and a registration of <typeparamref name="TProvider"/> or of a tester made before wins.
    /// </summary>
    /// <remarks>
    /// The provider is built by the container (its public constructor's parameters are resolved from it: typically the
    /// <see cref="ConnectionResolver"/> and the <c>xcom</c> options that <c>AddBaton</c> registers) and disposed with it; it
    /// disposes the stores it opened once, although the container sees it under two registrations.
    /// </remarks>
    public static IServiceCollection AddObjectStoreProvider<TProvider>(this IServiceCollection services)
        where TProvider : ObjectStoreProvider
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<TProvider>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IObjectStoreProvider, TProvider>(sp => sp.GetRequiredService<TProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConnectionTester, ObjectStoreConnectionTester<TProvider>>(
            sp => new ObjectStoreConnectionTester<TProvider>(sp.GetRequiredService<TProvider>())));
        return services;
    }
}
