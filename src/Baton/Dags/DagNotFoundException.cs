namespace Baton.Dags;

/// <summary>No loaded DAG has the requested id.</summary>
public sealed class DagNotFoundException : BatonException
{
    /// <summary>Creates the exception for a DAG id with a message that says why.</summary>
    public DagNotFoundException(string dagId, string message) : base(message)
    {
        DagId = dagId;
    }

    /// <summary>The requested id.</summary>
    public string DagId { get; } = "";

    /// <summary>Creates the exception with no message.</summary>
    public DagNotFoundException() { }

    /// <summary>Creates the exception with a message.</summary>
    public DagNotFoundException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public DagNotFoundException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>False: the same try would fail the same way, so a task failing with it is not retried.</summary>
    public override bool IsRetryable => false;
}
