namespace Baton.XComs;

/// <summary>Selects XCom rows; a null member matches anything.</summary>
public sealed record XComFilter
{
    /// <summary>Only this DAG.</summary>
    public string? DagId { get; init; }

    /// <summary>Only this run.</summary>
    public string? RunId { get; init; }

    /// <summary>Only this task.</summary>
    public string? TaskId { get; init; }

    /// <summary>Only this map index.</summary>
    public int? MapIndex { get; init; }

    /// <summary>Only this key.</summary>
    public string? Key { get; init; }

    /// <summary>Only values pushed before this time.</summary>
    public DateTimeOffset? CreatedBefore { get; init; }
}
