using Baton.Metadata;

namespace Baton.Execution;

/// <summary>A run as it ended and its task instances.</summary>
/// <param name="Run">The run.</param>
/// <param name="TaskInstances">Its task instances, ordered by task id and map index.</param>
internal sealed record DagRunResult(DagRunRecord Run, IReadOnlyList<TaskInstanceRecord> TaskInstances)
{
    /// <summary>True when the run had already ended (another process drove it) and was not run again.</summary>
    public bool AlreadyEnded { get; init; }
}
