using Baton.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Storage.Azure;

/// <summary>Registers Azure Blob Storage with Baton.</summary>
public static class AzureServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>az://</c> (and <c>abfs[s]://</c>, <c>wasb[s]://</c>) object store provider and the tester of <c>wasb</c>
    /// connections, with <see cref="ObjectStoreServiceCollectionExtensions.AddObjectStoreProvider{TProvider}"/>: calling it
    /// twice adds them once, and registrations made before win.
    /// </summary>
    /// <remarks>
    /// The provider needs the <see cref="ConnectionResolver"/> that <c>AddBaton</c> registers. A request that moves no bytes
    /// for <c>BATON__XCOM__REQUEST_TIMEOUT</c> (or the connection's extra <c>timeout</c>) fails as a timeout.
    /// </remarks>
    public static IServiceCollection AddBatonAzure(this IServiceCollection services) => services.AddObjectStoreProvider<AzureBlobObjectStoreProvider>();
}
