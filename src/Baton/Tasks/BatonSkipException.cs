namespace Baton.Tasks;

/// <summary>
/// Thrown by a task to end in state <c>skipped</c> instead of failing (Airflow's <c>AirflowSkipException</c>): for a
/// run with nothing to do. Downstream tasks then follow their trigger rule (with the default, <c>all_success</c>, they
/// are skipped too). A skipped task pushes no return value.
/// </summary>
public class BatonSkipException : BatonException
{
    /// <summary>Creates the exception with a message saying why the task is skipped.</summary>
    public BatonSkipException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public BatonSkipException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public BatonSkipException() { }

    /// <summary>False: a skip is final for this try.</summary>
    public override bool IsRetryable => false;
}
