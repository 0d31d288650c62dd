namespace Baton.XComs;

/// <summary>There is no XCom with the key (nor, for an object, the object it names).</summary>
public class XComNotFoundException : XComException
{
    /// <summary>Creates the exception for an XCom with a message that names it and the problem.</summary>
    public XComNotFoundException(XComKey key, string message, Exception? innerException = null) : base(key, message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public XComNotFoundException() { }

    /// <summary>Creates the exception with a message.</summary>
    public XComNotFoundException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public XComNotFoundException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>False: the same try would fail the same way, so a task failing with it is not retried.</summary>
    public override bool IsRetryable => false;
}
