namespace Baton.Dags;

/// <summary>A DAG could not be loaded: a cycle, a duplicate or invalid id, an invalid schedule, or an error in its Build method.</summary>
public sealed class DagDefinitionException : BatonException
{
    /// <summary>Creates the exception for a DAG and the list of its problems.</summary>
    public DagDefinitionException(string dagId, IReadOnlyList<string> problems)
        : base($"DAG '{dagId}' is invalid: {string.Join("; ", problems)}")
    {
        DagId = dagId;
        Problems = problems;
    }

    /// <summary>Creates the exception for a DAG whose definition threw.</summary>
    public DagDefinitionException(string dagId, string problem, Exception? innerException)
        : base($"DAG '{dagId}' is invalid: {problem}", innerException)
    {
        DagId = dagId;
        Problems = [problem];
    }

    /// <summary>The id of the DAG (or the definition type's name when the id itself could not be read).</summary>
    public string DagId { get; } = "";

    /// <summary>Every problem found, each a sentence.</summary>
    public IReadOnlyList<string> Problems { get; } = [];

    /// <summary>Creates the exception with no message.</summary>
    public DagDefinitionException() { }

    /// <summary>Creates the exception with a message.</summary>
    public DagDefinitionException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public DagDefinitionException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>False: the same try would fail the same way, so a task failing with it is not retried.</summary>
    public override bool IsRetryable => false;
}
