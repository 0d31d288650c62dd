using Baton.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Baton.Storage.Gcs;

/// <summary>Registers Google Cloud Storage for Baton.</summary>
public static class GcsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>gs://</c> (and <c>gcs://</c>) object store provider, so <c>BATON__XCOM__PATH=gs://conn_id@bucket/prefix</c>
    /// works, and the connection tester for <c>google_cloud_platform</c> (and <c>gcp</c>) connections used by
    /// <c>connections test</c>. Both are singletons added with <c>TryAddEnumerable</c>, so calling this twice is harmless.
    /// </summary>
    /// <remarks>
    /// The provider needs the <see cref="ConnectionResolver"/> that <c>AddBaton</c> registers (this may be called
    /// before or after it), and the tester a <see cref="TimeProvider"/> (also from <c>AddBaton</c>).
    /// </remarks>
    public static IServiceCollection AddBatonGcs(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IObjectStoreProvider, GcsObjectStoreProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConnectionTester, GcsConnectionTester>());
        return services;
    }
}
