namespace Baton.XComs;

/// <summary>What a backend made of a value: the bytes to keep in the row, or where it put them, and how to read them back.</summary>
public sealed record XComPayload
{
    /// <summary>Inline (bytes in the row) or object (bytes in a store).</summary>
    public required XComStorage Storage { get; init; }

    /// <summary>The serialized bytes, for inline storage.</summary>
    public byte[]? Value { get; init; }

    /// <summary>The object's URL, for object storage.</summary>
    public string? Location { get; init; }

    /// <summary>The serializer's format name (e.g. <c>json</c>), which decides how the bytes are read back.</summary>
    public required string Format { get; init; }

    /// <summary>The compression applied to the bytes (<c>none</c>, <c>gzip</c>, <c>zstd</c>).</summary>
    public string Compression { get; init; } = "none";

    /// <summary>The number of stored bytes.</summary>
    public long Size { get; init; }

    /// <summary>A checksum of the stored bytes (<c>algorithm:hex</c>), if the backend computed one.</summary>
    public string? Checksum { get; init; }
}
