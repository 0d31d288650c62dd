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

    /// <summary>
    /// Whether trying the same work again may succeed. A task that fails with an error that is not retryable (a corrupt
    /// or missing value, a value of the wrong type, a bad setting, <see cref="Tasks.BatonFailException"/>) ends
    /// failed at once instead of spending its retries; errors that are not Baton's are retryable, as in Airflow.
    /// </summary>
    public virtual bool IsRetryable => true;
}
