namespace Baton.Storage;

/// <summary>
/// What kind of failure a store met, as far as its answer (or the lack of one) tells. Each provider maps its SDK's errors
/// to one kind; whether a task failing with it is retried follows from the kind (see <see cref="ObjectStoreException.IsRetryable"/>).
/// </summary>
public enum ObjectStoreFailureKind
{
    /// <summary>Anything the other kinds do not name; retryable, as errors Baton does not know are.</summary>
    Other = 0,

    /// <summary>There is no object at the key. Not retryable.</summary>
    NotFound,

    /// <summary>The bucket or container does not exist. Not retryable.</summary>
    BucketMissing,

    /// <summary>The credentials were refused (unknown key, bad signature, expired token) or none could be found. Not retryable.</summary>
    InvalidCredentials,

    /// <summary>The credentials are valid but lack a permission. Not retryable.</summary>
    AccessDenied,

    /// <summary>The request cannot succeed as asked: an unsafe or too long key, metadata the store cannot hold, too many parts. Not retryable.</summary>
    InvalidRequest,

    /// <summary>The endpoint does not implement what was asked (e.g. an S3-compatible server without multipart listing). Not retryable.</summary>
    NotSupported,

    /// <summary>Baton refused to delete an object this installation cannot prove it wrote. Not retryable.</summary>
    NotOwned,

    /// <summary>The object changed while it was read, or a condition on it failed. Retryable.</summary>
    Conflict,

    /// <summary>The store kept throttling the requests past the retries. Retryable.</summary>
    Throttled,

    /// <summary>The store accepted the connection but moved no bytes for the request timeout. Retryable.</summary>
    Timeout,

    /// <summary>The endpoint could not be reached (refused, unresolvable, dropped) or kept failing (5xx) past the retries. Retryable.</summary>
    Unavailable,
}
