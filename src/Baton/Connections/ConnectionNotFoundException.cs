namespace Baton.Connections;

/// <summary>No connection with the id is defined, neither by an environment variable nor in the metadata database.</summary>
public sealed class ConnectionNotFoundException : BatonException
{
    /// <summary>Creates the exception for a connection with a message that names it and where it was looked for.</summary>
    public ConnectionNotFoundException(string connId, string message, Exception? innerException = null) : base(message, innerException)
    {
        ConnId = connId;
    }

    /// <summary>Creates the exception with no message.</summary>
    public ConnectionNotFoundException() { }

    /// <summary>Creates the exception with a message.</summary>
    public ConnectionNotFoundException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ConnectionNotFoundException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>The connection that was not found, when known.</summary>
    public string? ConnId { get; }

    /// <summary>False: the same try would fail the same way, so a task failing with it is not retried.</summary>
    public override bool IsRetryable => false;
}
