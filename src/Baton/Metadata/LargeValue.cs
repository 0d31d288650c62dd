namespace Baton.Metadata;

/// <summary>One XCom value among the largest stored: its key, where it is and its stored size.</summary>
internal sealed record LargeValue
{
    public required string DagId { get; init; }

    public required string RunId { get; init; }

    public required string TaskId { get; init; }

    public int MapIndex { get; init; }

    public required string Key { get; init; }

    public required string Storage { get; init; }

    public long Size { get; init; }

    public string? Location { get; init; }
}
