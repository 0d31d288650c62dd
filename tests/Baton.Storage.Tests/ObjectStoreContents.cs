namespace Baton.Storage.Tests;

/// <summary>Reads back what a test wrote, through the store under test.</summary>
internal static class ObjectStoreContents
{
    /// <summary>The whole value of an object.</summary>
    public static async Task<byte[]> ReadAllAsync(IObjectStore store, string key, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(key, cancellationToken);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }
}
