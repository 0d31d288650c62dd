namespace Baton.Storage.S3;

/// <summary>What kind of failure an S3 call met, for messages that tell people what to fix.</summary>
internal enum S3FailureKind
{
    /// <summary>Anything else the service answered.</summary>
    Other,

    /// <summary>The credentials were refused (unknown key, bad signature, expired token) or none were found.</summary>
    Credentials,

    /// <summary>The credentials are valid but lack a permission.</summary>
    AccessDenied,

    /// <summary>The bucket does not exist.</summary>
    MissingBucket,

    /// <summary>The object does not exist.</summary>
    MissingObject,

    /// <summary>The endpoint could not be reached (refused, unresolvable, dropped, timed out).</summary>
    Unreachable,

    /// <summary>The service kept throttling (SlowDown, 503) past the retries.</summary>
    Throttled,

    /// <summary>The service kept failing (5xx) past the retries.</summary>
    ServerError,
}
