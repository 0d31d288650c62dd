namespace Baton.Storage;

/// <summary>A store failed an operation; the message names the store, the key and what went wrong.</summary>
public class ObjectStoreException : BatonException
{
    /// <summary>Creates the exception with a message.</summary>
    public ObjectStoreException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ObjectStoreException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public ObjectStoreException() { }
}
