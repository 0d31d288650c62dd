namespace Baton.XComs;

/// <summary>A stored value names a format or compression no registered serializer or codec reads.</summary>
public sealed class XComUnknownFormatException : XComException
{
    /// <summary>Creates the exception for an XCom with a message that names it, its location and the problem.</summary>
    public XComUnknownFormatException(XComKey key, string message, Exception? innerException = null) : base(key, message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public XComUnknownFormatException() { }

    /// <summary>Creates the exception with a message.</summary>
    public XComUnknownFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public XComUnknownFormatException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>False: the same try would fail the same way, so a task failing with it is not retried.</summary>
    public override bool IsRetryable => false;
}
