namespace Baton.Metadata;

/// <summary>A DAG as the metadata database knows it: its id, whether it is paused, and what was seen of it last.</summary>
public sealed record DagRecord
{
    /// <summary>The DAG's id.</summary>
    public required string DagId { get; init; }

    /// <summary>True when the scheduler must not create runs for it.</summary>
    public bool IsPaused { get; init; }

    /// <summary>The DAG's description.</summary>
    public string? Description { get; init; }

    /// <summary>The DAG's schedule as written.</summary>
    public string? Schedule { get; init; }

    /// <summary>The DAG's tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>When the DAG was last loaded from code.</summary>
    public DateTimeOffset LastSeenAt { get; init; }
}
