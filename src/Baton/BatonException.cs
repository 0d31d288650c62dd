namespace Baton;

/// <summary>The base of every error Baton raises on purpose; specific types below it say what went wrong.</summary>
public class BatonException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public BatonException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public BatonException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public BatonException() { }
}
