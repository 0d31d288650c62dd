using Baton.IO;

namespace Baton.XComs.Pipeline;

/// <summary>
/// The threshold step of the write pipeline: bytes stay in memory until the stored size reaches the threshold, then
/// everything (the held bytes first) streams to an object upload started at that moment. With no threshold (-1) the
/// bytes stay inline up to the inline limit, and beyond it are only counted so the error can give the full size.
/// </summary>
internal sealed class SpillStream : ForwardOnlyWriteStream
{
    private readonly long _threshold;
    private readonly long _maxInline;
    private readonly Func<ObjectUpload>? _startUpload;
    private readonly long _bufferLimit;
    private ChunkedBuffer? _buffer = new();
    private long _written;

    public SpillStream(long threshold, long maxInline, Func<ObjectUpload>? startUpload)
    {
        _threshold = threshold;
        _maxInline = maxInline;
        _startUpload = startUpload;
        _bufferLimit = threshold >= 0 && startUpload is not null ? threshold : maxInline + 1;
    }

    public ObjectUpload? Upload { get; private set; }

    public long BytesWritten => _written;

    /// <summary>True when the value stayed inline but grew past the inline limit.</summary>
    public bool OverInlineLimit => Upload is null && _written > _maxInline;

    /// <summary>The inline limit in force.</summary>
    public long MaxInline => _maxInline;

    public byte[] InlineBytes => _buffer?.ToArray() ?? [];

    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    /// <summary>Sends the held bytes to a new upload now (threshold 0 stores even an empty value).</summary>
    public async Task SpillAsync(CancellationToken cancellationToken)
    {
        if (Upload is not null || _startUpload is null)
        {
            return;
        }

        Upload = _startUpload();
        var held = _buffer!;
        _buffer = null;
        using (held)
        {
            await held.CopyToAsync(Upload.Writer, cancellationToken).ConfigureAwait(false);
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _written += buffer.Length;
        if (Upload is null && ReachesThreshold(_written))
        {
            await SpillAsync(cancellationToken).ConfigureAwait(false);
        }

        if (Upload is not null)
        {
            await Upload.ThrowIfFailedAsync().ConfigureAwait(false);
            await Upload.Writer.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            return;
        }

        Hold(buffer.Span);
    }

    // Synchronous writes come from serializers without async paths (and from compressors' Dispose). Bytes that stay in
    // memory are held right here; only writes that go to an upload block on it.
    public override void Write(byte[] buffer, int offset, int count)
    {
        if (!TryHold(buffer.AsSpan(offset, count)))
        {
            WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!TryHold(buffer))
        {
            WriteAsync(buffer.ToArray()).AsTask().GetAwaiter().GetResult();
        }
    }

    private bool ReachesThreshold(long written) => _threshold >= 0 && written >= _threshold && _startUpload is not null;

    /// <summary>Holds the bytes when no upload has started and they do not start one.</summary>
    private bool TryHold(ReadOnlySpan<byte> buffer)
    {
        if (Upload is not null || ReachesThreshold(_written + buffer.Length))
        {
            return false;
        }

        _written += buffer.Length;
        Hold(buffer);
        return true;
    }

    private void Hold(ReadOnlySpan<byte> buffer)
    {
        var room = _bufferLimit - _buffer!.Length;
        if (room > 0)
        {
            _buffer.Write(buffer[..(int)Math.Min(room, buffer.Length)]);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _buffer?.Dispose();
        }

        base.Dispose(disposing);
    }
}
