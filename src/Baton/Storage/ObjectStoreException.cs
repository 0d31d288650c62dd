namespace Baton.Storage;

/// <summary>
/// A store failed an operation. The message names the store, the operation (and the key) and why; <see cref="Kind"/> says
/// what kind of failure it was and <see cref="Reason"/> why, without the operation.
/// </summary>
/// <remarks>
/// A provider maps its SDK's error to a kind and a reason and builds the exception with <see cref="Failed"/>, so every
/// store words its failures alike: <c>Writing object 'k' in s3://conn@bucket failed: bucket 'bucket' does not exist …</c>.
/// </remarks>
public class ObjectStoreException : BatonException
{
    /// <summary>Creates the exception with a message; its kind is <see cref="ObjectStoreFailureKind.Other"/>.</summary>
    public ObjectStoreException(string message) : this(ObjectStoreFailureKind.Other, message, reason: null, innerException: null) { }

    /// <summary>Creates the exception with a message and the error that caused it; its kind is <see cref="ObjectStoreFailureKind.Other"/>.</summary>
    public ObjectStoreException(string message, Exception? innerException) : this(ObjectStoreFailureKind.Other, message, reason: null, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public ObjectStoreException()
    {
        Reason = "";
    }

    /// <summary>Creates the exception with a kind, a message and, optionally, the reason alone and the error that caused it.</summary>
    /// <param name="kind">What kind of failure it was.</param>
    /// <param name="message">The whole message: store, operation, key and why.</param>
    /// <param name="reason">Why, without the operation; the message when null.</param>
    /// <param name="innerException">The error that caused it.</param>
    public ObjectStoreException(ObjectStoreFailureKind kind, string message, string? reason = null, Exception? innerException = null) : base(message, innerException)
    {
        Kind = kind;
        Reason = reason ?? message;
    }

    /// <summary>What kind of failure it was.</summary>
    public ObjectStoreFailureKind Kind { get; }

    /// <summary>Why the operation failed, without naming the operation (for a caller that names it itself, such as <c>connections test</c>).</summary>
    public string Reason { get; }

    /// <summary>
    /// Whether trying again may succeed, from <see cref="Kind"/>: a missing object or bucket, refused credentials or
    /// permissions, an invalid or unsupported request and an object Baton does not own fail the same way again; a timeout,
    /// throttling, an unreachable endpoint, a conflict and anything else may not.
    /// </summary>
    public override bool IsRetryable => IsRetryableKind(Kind);

    /// <summary>Whether a failure of <paramref name="kind"/> may go away when tried again.</summary>
    public static bool IsRetryableKind(ObjectStoreFailureKind kind) => kind switch
    {
        ObjectStoreFailureKind.NotFound or ObjectStoreFailureKind.BucketMissing or ObjectStoreFailureKind.InvalidCredentials
            or ObjectStoreFailureKind.AccessDenied or ObjectStoreFailureKind.InvalidRequest or ObjectStoreFailureKind.NotSupported
            or ObjectStoreFailureKind.NotOwned => false,
        _ => true,
    };

    /// <summary>
    /// The failure of an operation, worded as every store words it: <c>{Operation} in {root} failed: {reason}.</c>
    /// </summary>
    /// <param name="kind">What kind of failure it was.</param>
    /// <param name="root">The store's URL (<see cref="IObjectStore.Root"/>).</param>
    /// <param name="operation">What was being done, naming the object: <c>writing object 'a/b.json'</c>, <c>listing objects under 'a/'</c>.</param>
    /// <param name="reason">Why it failed and, where it helps, what to check; never a secret.</param>
    /// <param name="innerException">The SDK's error.</param>
    public static ObjectStoreException Failed(ObjectStoreFailureKind kind, string root, string operation, string reason, Exception? innerException = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        ArgumentNullException.ThrowIfNull(reason);
        var trimmed = reason.TrimEnd('.', ' ');
        var message = $"{char.ToUpperInvariant(operation[0])}{operation[1..]} in {root} failed: {trimmed}.";
        return kind == ObjectStoreFailureKind.NotFound
            ? new ObjectNotFoundException(message, trimmed, innerException)
            : new ObjectStoreException(kind, message, trimmed, innerException);
    }
}
