using Baton.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Baton.Storage.Azure;

/// <summary>Registers Azure Blob Storage with Baton.</summary>
public static class AzureServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>az://</c> (and <c>abfs[s]://</c>, <c>wasb[s]://</c>) object store provider and the tester of
    /// <c>wasb</c> connections, as singletons; adding them twice adds them once.
    /// </summary>
    /// <remarks>The provider needs the <see cref="ConnectionResolver"/> that <c>AddBaton</c> registers.</remarks>
    public static IServiceCollection AddBatonAzure(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IObjectStoreProvider, AzureBlobObjectStoreProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConnectionTester, AzureBlobConnectionTester>());
        return services;
    }
}
