namespace Baton.XComs.Pipeline;

/// <summary>
/// The threshold step of the write pipeline: bytes stay in memory until the stored size reaches the threshold, then
/// everything (the held bytes first) streams to an object upload started at that moment. With no threshold (-1) the
/// bytes stay inline up to the inline limit, and beyond it are only counted so the error can give the full size.
/// </summary>
internal sealed class SpillStream : Stream
{
    private readonly long _threshold;
    private readonly long _maxInline;
    private readonly Func<ObjectUpload>? _startUpload;
    private readonly long _bufferLimit;
    private MemoryStream? _buffer = new();
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

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

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
        held.Position = 0;
        await held.CopyToAsync(Upload.Writer, cancellationToken).ConfigureAwait(false);
        await held.DisposeAsync().ConfigureAwait(false);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _written += buffer.Length;
        if (Upload is null && _threshold >= 0 && _written >= _threshold && _startUpload is not null)
        {
            await SpillAsync(cancellationToken).ConfigureAwait(false);
        }

        if (Upload is not null)
        {
            await Upload.ThrowIfFailedAsync().ConfigureAwait(false);
            await Upload.Writer.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            return;
        }

        var room = _bufferLimit - _buffer!.Length;
        if (room > 0)
        {
            _buffer.Write(buffer.Span[..(int)Math.Min(room, buffer.Length)]);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Synchronous writes come from serializers without async paths (and from compressors' Dispose); they block on the upload.
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(ReadOnlySpan<byte> buffer) => WriteAsync(buffer.ToArray()).AsTask().GetAwaiter().GetResult();

    public override void Flush() { }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _buffer?.Dispose();
        }

        base.Dispose(disposing);
    }
}
