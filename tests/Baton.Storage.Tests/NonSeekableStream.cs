using Baton.IO;

namespace Baton.Storage.Tests;

/// <summary>
/// Reads another stream forward only, with no length, as the XCom pipe hands a value to a store. It can break with an
/// exception once a number of bytes were read (a failing producer, a connection dropped mid-body), and can cap each
/// read so that a store must gather a part or a chunk from short reads.
/// </summary>
/// <param name="inner">The bytes to hand out; disposed with this stream.</param>
/// <param name="breakAt">How many bytes are read before every further read throws.</param>
/// <param name="failure">What a read throws at <paramref name="breakAt"/>; an <see cref="IOException"/> when null.</param>
/// <param name="maxReadSize">The most bytes one read returns.</param>
public sealed class NonSeekableStream(Stream inner, long breakAt = long.MaxValue, Exception? failure = null, int maxReadSize = int.MaxValue)
    : ForwardOnlyReadStream
{
    private long _position;

    /// <summary>A stream over bytes in memory.</summary>
    public NonSeekableStream(byte[] data, long breakAt = long.MaxValue, Exception? failure = null, int maxReadSize = int.MaxValue)
        : this(new MemoryStream(data, writable: false), breakAt, failure, maxReadSize)
    {
    }

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer[..Allowed(buffer.Length)]);
        _position += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var n = await inner.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken);
        _position += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>How much of a buffer of the given length this read may fill; throws once the stream has broken.</summary>
    private int Allowed(int length)
    {
        if (_position >= breakAt)
        {
            throw failure ?? new IOException($"the stream broke at byte {_position}");
        }

        return (int)Math.Min(Math.Min(length, maxReadSize), breakAt - _position);
    }
}
