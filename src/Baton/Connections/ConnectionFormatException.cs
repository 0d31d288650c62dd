namespace Baton.Connections;

/// <summary>
/// A connection's URI or JSON form, or one of its fields, is malformed. The message names the connection and the problem,
/// and never repeats the password or the extra values.
/// </summary>
public sealed class ConnectionFormatException : BatonException
{
    /// <summary>Creates the exception for a connection with a message that names it and the problem.</summary>
    public ConnectionFormatException(string connId, string message, Exception? innerException = null) : base(message, innerException)
    {
        ConnId = connId;
    }

    /// <summary>Creates the exception with no message.</summary>
    public ConnectionFormatException() { }

    /// <summary>Creates the exception with a message.</summary>
    public ConnectionFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ConnectionFormatException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>The connection whose form is malformed, when known.</summary>
    public string? ConnId { get; }

    /// <summary>False: the same try would fail the same way, so a task failing with it is not retried.</summary>
    public override bool IsRetryable => false;
}
