namespace Baton.XComs;

/// <summary>A stored value could not be read into the type the consumer declared.</summary>
public sealed class XComTypeMismatchException : XComException
{
    /// <summary>Creates the exception for an XCom with a message that names it and the problem.</summary>
    public XComTypeMismatchException(XComKey key, string message, Exception? innerException = null) : base(key, message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public XComTypeMismatchException() { }

    /// <summary>Creates the exception with a message.</summary>
    public XComTypeMismatchException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public XComTypeMismatchException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>False: the same try would fail the same way, so a task failing with it is not retried.</summary>
    public override bool IsRetryable => false;
}
