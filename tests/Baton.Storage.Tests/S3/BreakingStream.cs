namespace Baton.Storage.Tests.S3;

/// <summary>A read-only, non-seekable stream over bytes that throws <see cref="IOException"/> once <see cref="BreakAt"/> bytes were read.</summary>
public sealed class BreakingStream(Stream inner, long breakAt = long.MaxValue, Exception? failure = null) : Stream
{
    private long _position;

    public long BreakAt { get; } = breakAt;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= BreakAt)
        {
            throw failure ?? new IOException($"the stream broke at byte {_position}");
        }

        var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, BreakAt - _position)], cancellationToken);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
