using Baton.Runs;

namespace Baton.Metadata;

/// <summary>One run of a DAG for one logical date.</summary>
public sealed record DagRunRecord
{
    /// <summary>The DAG's id.</summary>
    public required string DagId { get; init; }

    /// <summary>The run's id, unique within the DAG (e.g. <c>scheduled__2022-12-20T00:00:00+00:00</c>).</summary>
    public required string RunId { get; init; }

    /// <summary>Why the run exists.</summary>
    public DagRunType RunType { get; init; }

    /// <summary>The run's logical date (for scheduled runs, the start of its data interval).</summary>
    public DateTimeOffset LogicalDate { get; init; }

    /// <summary>The start of the data interval the run covers.</summary>
    public DateTimeOffset DataIntervalStart { get; init; }

    /// <summary>The end of the data interval the run covers.</summary>
    public DateTimeOffset DataIntervalEnd { get; init; }

    /// <summary>The run's state.</summary>
    public DagRunState State { get; init; }

    /// <summary>The JSON object given when the run was triggered, if any.</summary>
    public string? Conf { get; init; }

    /// <summary>When the run was created.</summary>
    public DateTimeOffset QueuedAt { get; init; }

    /// <summary>When the run started running.</summary>
    public DateTimeOffset? StartDate { get; init; }

    /// <summary>When the run finished.</summary>
    public DateTimeOffset? EndDate { get; init; }

    /// <summary>
    /// The process holding the run, or null. Written only when a run is created or held and released, never by
    /// <see cref="IMetadataStore.UpdateDagRunAsync"/>.
    /// </summary>
    public DagRunOwner? Owner { get; init; }
}
