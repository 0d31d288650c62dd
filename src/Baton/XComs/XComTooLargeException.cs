namespace Baton.XComs;

/// <summary>A value is larger than the metadata database may hold inline.</summary>
public sealed class XComTooLargeException : XComException
{
    /// <summary>Creates the exception for an XCom with a message that names it and the problem.</summary>
    public XComTooLargeException(XComKey key, string message, Exception? innerException = null) : base(key, message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public XComTooLargeException() { }

    /// <summary>Creates the exception with a message.</summary>
    public XComTooLargeException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public XComTooLargeException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>False: the same try would fail the same way, so a task failing with it is not retried.</summary>
    public override bool IsRetryable => false;
}
