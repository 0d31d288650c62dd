using Baton.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Storage.Gcs;

/// <summary>Registers Google Cloud Storage for Baton.</summary>
public static class GcsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>gs://</c> (and <c>gcs://</c>) object store provider, so <c>BATON__XCOM__PATH=gs://conn_id@bucket/prefix</c>
    /// works, and the connection tester for <c>google_cloud_platform</c> (and <c>gcp</c>) connections used by
    /// <c>connections test</c>, with <see cref="ObjectStoreServiceCollectionExtensions.AddObjectStoreProvider{TProvider}"/>:
    /// calling it twice adds them once, and registrations made before win.
    /// </summary>
    /// <remarks>
    /// The provider needs the <see cref="ConnectionResolver"/> that <c>AddBaton</c> registers (this may be called before or
    /// after it). A request that moves no bytes for <c>BATON__XCOM__REQUEST_TIMEOUT</c> (or the connection's extra
    /// <c>timeout</c>) fails as a timeout.
    /// </remarks>
    public static IServiceCollection AddBatonGcs(this IServiceCollection services) => services.AddObjectStoreProvider<GcsObjectStoreProvider>();
}
