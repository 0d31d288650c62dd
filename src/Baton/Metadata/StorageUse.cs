namespace Baton.Metadata;

/// <summary>How many XCom values a DAG or store holds and their stored bytes.</summary>
internal sealed record StorageUse
{
    /// <summary>The DAG id or the store (<c>s3://conn@bucket</c>).</summary>
    public required string Name { get; init; }

    /// <summary><c>inline</c> (in the database) or <c>object</c>.</summary>
    public required string Storage { get; init; }

    public long Count { get; init; }

    public long Bytes { get; init; }
}
