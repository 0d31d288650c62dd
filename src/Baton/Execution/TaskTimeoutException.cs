namespace Baton.Execution;

/// <summary>A try ran longer than its execution timeout.</summary>
internal sealed class TaskTimeoutException : BatonException
{
    /// <summary>Creates the exception with a message.</summary>
    public TaskTimeoutException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public TaskTimeoutException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public TaskTimeoutException() { }
}
