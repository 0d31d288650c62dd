using Baton.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Storage.S3;

/// <summary>Registers Baton's S3 store.</summary>
public static class S3ServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>s3://conn_id@bucket/prefix</c> object store provider (AWS S3 and S3-compatible servers) and the tester for
    /// <c>aws</c> connections (<c>connections test</c>), with <see cref="ObjectStoreServiceCollectionExtensions.AddObjectStoreProvider{TProvider}"/>:
    /// calling it twice adds them once, and registrations made before win.
    /// </summary>
    /// <remarks>
    /// The provider looks connections up with the <see cref="ConnectionResolver"/> that <c>AddBaton</c> registers. See
    /// docs/stores/s3.md for the connection fields and extra options it reads. Transient faults (5xx, throttling, timeouts,
    /// dropped connections) are retried by the AWS SDK's standard retry mode (exponential backoff with jitter), 5 attempts
    /// per request unless the connection sets <c>max_attempts</c>; a multipart upload that still fails is aborted. A request
    /// that moves no bytes for <c>BATON__XCOM__REQUEST_TIMEOUT</c> (or the connection's extra <c>timeout</c>) fails as a timeout.
    /// </remarks>
    public static IServiceCollection AddBatonS3(this IServiceCollection services) => services.AddObjectStoreProvider<S3ObjectStoreProvider>();
}
