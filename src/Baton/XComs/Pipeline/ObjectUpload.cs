using System.IO.Pipelines;
using Baton.Storage;

namespace Baton.XComs.Pipeline;

/// <summary>
/// Streams bytes written to <see cref="Writer"/> into an object store upload running beside it, through a pipe with
/// a bounded buffer, so a value of any size passes with constant memory.
/// </summary>
internal sealed class ObjectUpload
{
    private const long PauseWriterThreshold = 8 * 1024 * 1024;
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: PauseWriterThreshold, resumeWriterThreshold: PauseWriterThreshold / 2, minimumSegmentSize: 1 << 16, useSynchronizationContext: false));
    private readonly IObjectStore _store;
    private readonly Task _upload;

    public ObjectUpload(IObjectStore store, string key, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        _store = store;
        Key = key;
        Writer = _pipe.Writer.AsStream(leaveOpen: true);
        _upload = Task.Run(() => UploadAsync(metadata, cancellationToken), CancellationToken.None);
    }

    public string Key { get; }

    public Stream Writer { get; }

    /// <summary>True when the upload already failed; writing on is pointless.</summary>
    public bool HasFailed => _upload.IsFaulted || _upload.IsCanceled;

    /// <summary>Ends the bytes and waits for the store to have the whole object.</summary>
    public async Task CompleteAsync()
    {
        await _pipe.Writer.CompleteAsync().ConfigureAwait(false);
        await _upload.ConfigureAwait(false);
    }

    /// <summary>Abandons the upload and removes whatever the store may have kept.</summary>
    public async Task AbortAsync(Exception reason)
    {
        await _pipe.Writer.CompleteAsync(reason).ConfigureAwait(false);
        try
        {
            await _upload.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The upload fails because we aborted it (or failed first, which is why we abort); the caller reports the cause.
        }

        try
        {
            await _store.DeleteAsync(Key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ObjectStoreException)
        {
            // The store is failing (credentials, bucket, network): its error on this clean-up must not replace the
            // upload's, which the caller rethrows. Stores write objects atomically, and xcom sweep removes any leftover.
        }
    }

    /// <summary>Throws the upload's error, if it has failed.</summary>
    public async Task ThrowIfFailedAsync()
    {
        if (HasFailed)
        {
            await _upload.ConfigureAwait(false);
        }
    }

    private async Task UploadAsync(IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var reader = _pipe.Reader;
        try
        {
            await using var content = reader.AsStream(leaveOpen: true);
            await _store.PutAsync(Key, content, metadata, cancellationToken).ConfigureAwait(false);
            await reader.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Completing the reader with the error releases a writer waiting on a full pipe.
            await reader.CompleteAsync(e).ConfigureAwait(false);
            throw;
        }
    }
}
