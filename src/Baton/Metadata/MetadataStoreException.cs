namespace Baton.Metadata;

/// <summary>
/// The metadata database failed an operation; the message is one line that names the database and what to do, and
/// <see cref="Kind"/> says what the failure means.
/// </summary>
public sealed class MetadataStoreException : BatonException
{
    /// <summary>Creates the exception for a failure of a kind, with the database's error as the inner exception.</summary>
    public MetadataStoreException(MetadataFailureKind kind, string message, Exception? innerException)
        : base(message, innerException) => Kind = kind;

    /// <summary>Creates the exception with a message.</summary>
    public MetadataStoreException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public MetadataStoreException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public MetadataStoreException() { }

    /// <summary>What the failure means.</summary>
    public MetadataFailureKind Kind { get; }

    /// <summary>
    /// Only a busy database may be fine on the next try; a read-only or unopenable database stays so until someone
    /// changes it, so a task failing on it does not spend its retries.
    /// </summary>
    public override bool IsRetryable => Kind is MetadataFailureKind.Busy or MetadataFailureKind.Other;
}
