namespace Baton.Metadata;

/// <summary>A run with the same DAG id and run id already exists.</summary>
public sealed class DagRunExistsException : BatonException
{
    /// <summary>Creates the exception for a DAG and run id.</summary>
    public DagRunExistsException(string dagId, string runId)
        : base($"DAG '{dagId}' already has a run with run_id '{runId}'.") { }

    /// <summary>Creates the exception with no message.</summary>
    public DagRunExistsException() { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public DagRunExistsException(string message, Exception? innerException) : base(message, innerException) { }
}
