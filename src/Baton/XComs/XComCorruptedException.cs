namespace Baton.XComs;

/// <summary>
/// A stored value's bytes are damaged: they do not match the recorded checksum or size, cannot be decompressed, or are
/// not valid data of their recorded format (the serializer threw <see cref="Serialization.CorruptSerializedValueException"/>).
/// </summary>
public class XComCorruptedException : XComException
{
    /// <summary>Creates the exception for an XCom with a message that names it, its location and the problem.</summary>
    public XComCorruptedException(XComKey key, string message, Exception? innerException = null) : base(key, message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public XComCorruptedException() { }

    /// <summary>Creates the exception with a message.</summary>
    public XComCorruptedException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public XComCorruptedException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>False: the same try would fail the same way, so a task failing with it is not retried.</summary>
    public override bool IsRetryable => false;
}
