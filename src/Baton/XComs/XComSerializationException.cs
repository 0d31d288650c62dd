namespace Baton.XComs;

/// <summary>A value could not be serialized (a type the serializer cannot write, a cycle, …).</summary>
public sealed class XComSerializationException : XComException
{
    /// <summary>Creates the exception for an XCom with a message that names it and the problem.</summary>
    public XComSerializationException(XComKey key, string message, Exception? innerException = null) : base(key, message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public XComSerializationException() { }

    /// <summary>Creates the exception with a message.</summary>
    public XComSerializationException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public XComSerializationException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>False: the same try would fail the same way, so a task failing with it is not retried.</summary>
    public override bool IsRetryable => false;
}
