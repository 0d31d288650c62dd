namespace Baton.XComs;

/// <summary>One XCom row: its key, what the backend stored, and when.</summary>
public sealed record XComRecord
{
    /// <summary>The XCom's key.</summary>
    public required XComKey Key { get; init; }

    /// <summary>What the backend stored.</summary>
    public required XComPayload Payload { get; init; }

    /// <summary>When the value was pushed.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
