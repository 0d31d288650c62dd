namespace Baton.XComs;

/// <summary>
/// A write-only stream that keeps up to a limit of bytes in memory and only counts the rest, so a value far over the
/// limit is measured without being held.
/// </summary>
internal sealed class CountingBufferStream : Stream
{
    private readonly long _limit;
    private readonly MemoryStream _buffer = new();

    public CountingBufferStream(long limit)
    {
        _limit = limit;
    }

    /// <summary>Every byte written, kept or not.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>True when more than the limit was written.</summary>
    public bool Overflowed => BytesWritten > _limit;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => BytesWritten;

    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException();
    }

    /// <summary>The kept bytes; only meaningful when <see cref="Overflowed"/> is false.</summary>
    public byte[] ToArray() => _buffer.ToArray();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var room = _limit - _buffer.Length;
        if (room > 0)
        {
            _buffer.Write(buffer[..(int)Math.Min(room, buffer.Length)]);
        }

        BytesWritten += buffer.Length;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush() { }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _buffer.Dispose();
        }

        base.Dispose(disposing);
    }
}
