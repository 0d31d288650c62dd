using System.IO.Pipelines;
using Baton.Storage;

namespace Baton.XComs.Pipeline;

/// <summary>
/// Streams bytes written to <see cref="Writer"/> into an object store upload running beside it, through a pipe with
/// a bounded buffer, so a value of any size passes with constant memory. A store that takes writes directly
/// (<see cref="IDirectWriteObjectStore"/>, e.g. the local directory) gets them with no pipe, no second task and no copy.
/// </summary>
internal sealed class ObjectUpload
{
    private const long PauseWriterThreshold = 8 * 1024 * 1024;

    // 1 MiB segments: the store's reads get large pieces instead of 64 KiB ones, and the eight or so segments in flight
    // stay within what the shared array pool keeps (128 segments of 64 KiB did not: ~30 MB allocated per 64 MB value).
    private const int SegmentSize = 1 << 20;

    private readonly IObjectStore _store;
    private readonly CancellationToken _cancellationToken;
    private readonly Pipe? _pipe;
    private readonly Task? _upload;
    private readonly IObjectWriteTarget? _local;

    public ObjectUpload(IObjectStore store, string key, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        _store = store;
        _cancellationToken = cancellationToken;
        Key = key;
        if (store is IDirectWriteObjectStore local)
        {
            _local = local.BeginPut(key, metadata);
            Writer = _local.Content;
            _upload = null;
        }
        else
        {
            _pipe = new Pipe(new PipeOptions(
                pauseWriterThreshold: PauseWriterThreshold, resumeWriterThreshold: PauseWriterThreshold / 2, minimumSegmentSize: SegmentSize, useSynchronizationContext: false));
            Writer = _pipe.Writer.AsStream(leaveOpen: true);
            _upload = Task.Run(() => UploadAsync(metadata, cancellationToken), CancellationToken.None);
        }
    }

    public string Key { get; }

    public Stream Writer { get; }

    /// <summary>True when the upload already failed; writing on is pointless.</summary>
    public bool HasFailed => _upload is { IsFaulted: true } or { IsCanceled: true };

    /// <summary>Ends the bytes and waits for the store to have the whole object.</summary>
    public async Task CompleteAsync()
    {
        if (_local is not null)
        {
            await using (_local.ConfigureAwait(false))
            {
                await _local.CommitAsync(_cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await _pipe!.Writer.CompleteAsync().ConfigureAwait(false);
        await _upload!.ConfigureAwait(false);
    }

    /// <summary>Abandons the upload and removes whatever the store may have kept.</summary>
    public async Task AbortAsync(Exception reason)
    {
        if (_local is not null)
        {
            await _local.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            await _pipe!.Writer.CompleteAsync(reason).ConfigureAwait(false);
            try
            {
                await _upload!.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The upload fails because we aborted it (or failed first, which is why we abort); the caller reports the cause.
            }
        }

        try
        {
            await _store.DeleteAsync(Key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ObjectStoreException)
        {
            // A store that failed the write often fails the clean-up for the same reason (refused credentials, unreachable
            // endpoint); that must not hide the reason the caller reports. Anything kept is an orphan `xcom sweep` removes.
        }
    }

    /// <summary>Throws the upload's error, if it has failed.</summary>
    public async Task ThrowIfFailedAsync()
    {
        if (HasFailed)
        {
            await _upload!.ConfigureAwait(false);
        }
    }

    private async Task UploadAsync(IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var reader = _pipe!.Reader;
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
