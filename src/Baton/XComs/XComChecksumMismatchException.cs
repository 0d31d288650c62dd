namespace Baton.XComs;

/// <summary>A stored value's bytes do not match the checksum or size recorded in its row (a flipped byte, a truncated object).</summary>
public sealed class XComChecksumMismatchException : XComCorruptedException
{
    /// <summary>Creates the exception for an XCom with a message that names it, its location and the problem.</summary>
    public XComChecksumMismatchException(XComKey key, string message, Exception? innerException = null) : base(key, message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public XComChecksumMismatchException() { }

    /// <summary>Creates the exception with a message.</summary>
    public XComChecksumMismatchException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public XComChecksumMismatchException(string message, Exception? innerException) : base(message, innerException) { }
}
