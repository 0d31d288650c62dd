namespace Baton.DataFrames.IO;

/// <summary>
/// Remembers whether reading the underlying stream failed, so a format reader's failure can be told apart from the
/// stream's own (a checksum mismatch, a decompression error, a lost connection), which must pass through unchanged.
/// </summary>
internal sealed class SourceGuardStream(Stream inner) : Stream
{
    /// <summary>True once a read of the underlying stream threw.</summary>
    public bool SourceFailed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException && Fail())
        {
            throw;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException && Fail())
        {
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    // An exception filter that records and never catches: the exception continues with its stack intact.
    private bool Fail()
    {
        SourceFailed = true;
        return false;
    }
}
