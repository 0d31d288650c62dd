namespace Baton.Storage.Azure;

/// <summary>An Azure Blob request failed; <see cref="Failure"/> and <see cref="Reason"/> say why, for the connection tester.</summary>
internal sealed class AzureBlobRequestException : ObjectStoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failure">The kind of failure.</param>
    /// <param name="reason">Why it failed, without the operation (never a secret).</param>
    /// <param name="message">The whole message: store, container, key, operation and reason.</param>
    /// <param name="innerException">The SDK's error.</param>
    public AzureBlobRequestException(AzureBlobFailure failure, string reason, string message, Exception? innerException) : base(message, innerException)
    {
        Failure = failure;
        Reason = reason;
    }

    /// <summary>The kind of failure.</summary>
    public AzureBlobFailure Failure { get; }

    /// <summary>Why it failed, without the operation.</summary>
    public string Reason { get; }
}
