namespace Baton.Storage;

/// <summary>What a store knows of an object without reading it.</summary>
/// <param name="Key">The object's key.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="LastModified">When it was written.</param>
/// <param name="Metadata">The metadata written with it (empty when a listing does not return metadata).</param>
public sealed record ObjectInfo(string Key, long Size, DateTimeOffset LastModified, IReadOnlyDictionary<string, string> Metadata);
