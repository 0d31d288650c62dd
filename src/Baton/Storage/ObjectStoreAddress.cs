namespace Baton.Storage;

/// <summary>A store and a path inside it (a prefix or a key).</summary>
/// <param name="Store">The store.</param>
/// <param name="Path">The path relative to the store's root, without a leading <c>/</c>; may be empty.</param>
public sealed record ObjectStoreAddress(IObjectStore Store, string Path);
