namespace Baton.Storage;

/// <summary>
/// A store of objects under a root (a directory, a bucket, a container), addressed by keys of <c>/</c>-separated segments.
/// Implementations are thread-safe; a reader never sees a half-written object.
/// </summary>
public interface IObjectStore
{
    /// <summary>The store's URL without a key, e.g. <c>file:///var/baton/xcom</c> or <c>s3://conn@bucket</c>.</summary>
    string Root { get; }

    /// <summary>Writes an object from <paramref name="content"/>, read to its end, replacing one with the same key.</summary>
    /// <param name="key">The object's key.</param>
    /// <param name="content">The bytes; need not be seekable.</param>
    /// <param name="metadata">Small string pairs kept with the object (object metadata where the store has it).</param>
    /// <param name="cancellationToken">Cancels the write; nothing is left at the key then.</param>
    /// <exception cref="ObjectStoreException">The store refused or failed the write.</exception>
    Task PutAsync(string key, Stream content, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken = default);

    /// <summary>Opens an object for reading from its start.</summary>
    /// <exception cref="ObjectNotFoundException">There is no object at the key.</exception>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Returns what is known of an object without reading it, or null when there is none.</summary>
    Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes an object; deleting a missing object is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes several objects (in batches where the store has batch deletes).</summary>
    Task DeleteManyAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Lists the objects whose keys start with <paramref name="prefix"/>, in no particular order.</summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default);
}
