namespace Baton.XComs;

/// <summary>An XCom could not be stored or read; <see cref="Key"/> and the message say which and why.</summary>
public class XComException : BatonException
{
    /// <summary>Creates the exception for an XCom.</summary>
    public XComException(XComKey key, string message, Exception? innerException = null) : base(message, innerException)
    {
        Key = key;
    }

    /// <summary>The XCom's key.</summary>
    public XComKey Key { get; }

    /// <summary>Creates the exception with no message.</summary>
    public XComException() { }

    /// <summary>Creates the exception with a message.</summary>
    public XComException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public XComException(string message, Exception? innerException) : base(message, innerException) { }
}
