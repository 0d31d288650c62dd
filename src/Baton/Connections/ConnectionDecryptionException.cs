namespace Baton.Connections;

/// <summary>
/// A connection's stored secrets (password or extra) could not be decrypted: the encryption key is not the one they were
/// encrypted with, or the stored value was altered.
/// </summary>
public sealed class ConnectionDecryptionException : BatonException
{
    /// <summary>Creates the exception for a connection with a message that names it and the problem.</summary>
    public ConnectionDecryptionException(string connId, string message, Exception? innerException = null) : base(message, innerException)
    {
        ConnId = connId;
    }

    /// <summary>Creates the exception with no message.</summary>
    public ConnectionDecryptionException() { }

    /// <summary>Creates the exception with a message.</summary>
    public ConnectionDecryptionException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ConnectionDecryptionException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>The connection whose secrets could not be decrypted, when known.</summary>
    public string? ConnId { get; }

    /// <summary>False: the same try would fail the same way, so a task failing with it is not retried.</summary>
    public override bool IsRetryable => false;
}
