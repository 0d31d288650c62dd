using Baton.IO;

namespace Baton.Tests.IO;

public sealed class ChunkedBufferTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData((1 << 20) + 12345)]
    [InlineData((5 << 20) + 1)]
    public async Task BytesWrittenOrRead_ComeBackExactlyAndInOrder(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);

        using var written = new ChunkedBuffer();
        // Writes of awkward sizes, crossing chunk boundaries.
        for (var at = 0; at < length; at += 3001)
        {
            written.Write(data.AsSpan(at, Math.Min(3001, length - at)));
        }

        using var read = new ChunkedBuffer();
        await read.ReadFromAsync(new TricklingStream(data), Ct);

        Assert.Equal(length, written.Length);
        Assert.Equal(data, written.ToArray());
        Assert.Equal(data, read.ToArray());
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy, Ct);
        Assert.Equal(data, copy.ToArray());
    }

    [Fact]
    public void Dispose_EmptiesTheBuffer()
    {
        var buffer = new ChunkedBuffer();
        buffer.Write(new byte[10_000]);

        buffer.Dispose();

        Assert.Equal(0, buffer.Length);
        Assert.Empty(buffer.ToArray());
    }

    /// <summary>Returns at most 777 bytes per read, as a network stream might.</summary>
    private sealed class TricklingStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 777)], cancellationToken);
    }
}
