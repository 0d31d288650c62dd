using Baton.Runs;

namespace Baton.Metadata;

/// <summary>One task of one DAG run (one element, for a mapped task).</summary>
public sealed record TaskInstanceRecord
{
    /// <summary>The DAG's id.</summary>
    public required string DagId { get; init; }

    /// <summary>The run's id.</summary>
    public required string RunId { get; init; }

    /// <summary>The task's id.</summary>
    public required string TaskId { get; init; }

    /// <summary>-1 for an unmapped task (or a mapped task not yet expanded); 0..n-1 for the elements of a mapped task.</summary>
    public int MapIndex { get; init; } = -1;

    /// <summary>The state.</summary>
    public TaskInstanceState State { get; init; }

    /// <summary>The number of the current or last try; 0 before the first.</summary>
    public int TryNumber { get; init; }

    /// <summary>How many retries the task has after its first try.</summary>
    public int MaxTries { get; init; }

    /// <summary>When the last try started.</summary>
    public DateTimeOffset? StartDate { get; init; }

    /// <summary>When the last try ended.</summary>
    public DateTimeOffset? EndDate { get; init; }

    /// <summary>The host that ran the last try.</summary>
    public string? Hostname { get; init; }

    /// <summary>The process id that ran the last try.</summary>
    public int? Pid { get; init; }

    /// <summary>When a task that is up for retry may run again.</summary>
    public DateTimeOffset? NextRetryAt { get; init; }

    /// <summary>The last try's error, one line.</summary>
    public string? Error { get; init; }

    /// <summary>How long the last try took.</summary>
    public TimeSpan? Duration => StartDate is { } s && EndDate is { } e ? e - s : null;
}
