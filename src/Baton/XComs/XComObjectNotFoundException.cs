namespace Baton.XComs;

/// <summary>An XCom row names an object that is not in the store (deleted or never written).</summary>
public sealed class XComObjectNotFoundException : XComNotFoundException
{
    /// <summary>Creates the exception for an XCom with a message that names it, its location and the problem.</summary>
    public XComObjectNotFoundException(XComKey key, string message, Exception? innerException = null) : base(key, message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public XComObjectNotFoundException() { }

    /// <summary>Creates the exception with a message.</summary>
    public XComObjectNotFoundException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public XComObjectNotFoundException(string message, Exception? innerException) : base(message, innerException) { }
}
