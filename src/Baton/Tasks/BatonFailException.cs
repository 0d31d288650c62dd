namespace Baton.Tasks;

/// <summary>
/// Thrown by a task to fail at once, without its remaining retries (Airflow's <c>AirflowFailException</c>): for errors
/// the task knows another try cannot fix, such as invalid input data.
/// </summary>
public class BatonFailException : BatonException
{
    /// <summary>Creates the exception with a message saying why the task fails.</summary>
    public BatonFailException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public BatonFailException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public BatonFailException() { }

    /// <summary>False: the task ends failed without further tries.</summary>
    public override bool IsRetryable => false;
}
