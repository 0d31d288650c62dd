namespace Baton.Storage;

/// <summary>
/// A store whose interrupted writes can leave something behind that is not an object yet: the local store's temporary
/// files, S3's incomplete multipart uploads, Azure's uncommitted blocks. Optional: the orphan sweep lists and aborts these
/// for stores that implement it (Google Cloud Storage's resumable sessions cannot be listed; they expire on their own).
/// </summary>
public interface IIncompleteUploadStore
{
    /// <summary>The incomplete uploads whose target keys start with <paramref name="prefix"/>, in no particular order.</summary>
    /// <exception cref="ObjectStoreException">The store cannot list them (the message says why, e.g. an endpoint without the API).</exception>
    IAsyncEnumerable<IncompleteUpload> ListIncompleteUploadsAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Removes what an incomplete upload left (its parts, blocks or temporary files); never an object at its key.</summary>
    /// <exception cref="ObjectStoreException">The store failed the removal.</exception>
    Task AbortIncompleteUploadAsync(IncompleteUpload upload, CancellationToken cancellationToken = default);
}
