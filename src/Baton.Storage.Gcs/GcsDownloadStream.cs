using System.IO.Pipelines;
using Baton.IO;

namespace Baton.Storage.Gcs;

/// <summary>
/// A read stream over an object download running beside it: the SDK's download (with its hash check at the end)
/// writes into a pipe with a bounded buffer and the reader takes from it, so an object of any size streams with constant
/// memory. A failed download surfaces on the reader's next read, already turned into an <see cref="ObjectStoreException"/>.
/// </summary>
internal sealed class GcsDownloadStream : ForwardOnlyReadStream
{
    private const long PauseWriterThreshold = 4 * 1024 * 1024;
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: PauseWriterThreshold, resumeWriterThreshold: PauseWriterThreshold / 2, useSynchronizationContext: false));
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Stream _reader;
    private readonly Task _download;
    private int _disposed;

    /// <summary>Starts <paramref name="download"/> (which writes the object into the stream it is given) and reads from it.</summary>
    /// <param name="download">Writes the object into its stream argument.</param>
    /// <param name="describeFailure">Turns a download failure into the exception the reader sees.</param>
    public GcsDownloadStream(Func<Stream, CancellationToken, Task> download, Func<Exception, Exception> describeFailure)
    {
        _reader = _pipe.Reader.AsStream(leaveOpen: true);
        var token = _cancellation.Token;
        _download = Task.Run(async () =>
        {
            var writer = _pipe.Writer.AsStream(leaveOpen: true);
            try
            {
                await download(writer, token).ConfigureAwait(false);
                await _pipe.Writer.CompleteAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (token.IsCancellationRequested)
            {
                await _pipe.Writer.CompleteAsync(e).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                await _pipe.Writer.CompleteAsync(describeFailure(e)).ConfigureAwait(false);
            }
        }, CancellationToken.None);
    }

    /// <inheritdoc />
    public override int Read(Span<byte> buffer) => _reader.Read(buffer);

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _reader.ReadAsync(buffer, cancellationToken);

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _reader.ReadAsync(buffer, offset, count, cancellationToken);

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await StopAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Stopping only cancels and completes; the download task ends on its own and is observed there.
            _ = StopAsync();
        }

        base.Dispose(disposing);
    }

    private async Task StopAsync()
    {
        // A reader that stops early cancels the download instead of draining it.
        await _cancellation.CancelAsync().ConfigureAwait(false);
        await _pipe.Reader.CompleteAsync().ConfigureAwait(false);
        try
        {
            await _download.ConfigureAwait(false);
        }
        finally
        {
            _cancellation.Dispose();
            await _reader.DisposeAsync().ConfigureAwait(false);
        }
    }
}
