using Baton.IO;

namespace Baton.Tests.IO;

public sealed class OverlappedCopyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(999, 1000)]
    [InlineData(1000, 1000)]
    [InlineData(1001, 1000)]
    [InlineData(3 * 1024 * 1024 + 7, OverlappedCopy.ChunkSize)]
    public async Task CopiesEveryByteInOrder(int length, int chunkSize)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        using var destination = new MemoryStream();

        await OverlappedCopy.CopyAsync(new TricklingStream(data), destination, chunkSize, Ct);

        Assert.Equal(data, destination.ToArray());
    }

    [Fact]
    public async Task AFailingWrite_IsReportedAfterThePendingReadEnds()
    {
        var source = new TricklingStream(new byte[100_000]);

        var error = await Assert.ThrowsAsync<IOException>(() => OverlappedCopy.CopyAsync(source, new FailingWriteStream(), 1000, Ct));

        Assert.Equal("disk full", error.Message);
        Assert.Equal(0, source.ReadsInFlight);
    }

    [Fact]
    public async Task AFailingRead_IsReported()
    {
        using var destination = new MemoryStream();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => OverlappedCopy.CopyAsync(new TricklingStream(new byte[10_000], failAt: 5_000), destination, 1000, Ct));

        Assert.Equal("bad bytes", error.Message);
    }

    /// <summary>Returns at most 777 bytes per read, after yielding, and counts reads that have not ended.</summary>
    private sealed class TricklingStream(byte[] data, int failAt = -1) : MemoryStream(data, writable: false)
    {
        private int _inFlight;

        public int ReadsInFlight => _inFlight;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _inFlight) != 1)
            {
                throw new InvalidOperationException("two reads at once");
            }

            try
            {
                await Task.Yield();
                if (failAt >= 0 && Position >= failAt)
                {
                    throw new InvalidDataException("bad bytes");
                }

                return await base.ReadAsync(buffer[..Math.Min(buffer.Length, 777)], cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    private sealed class FailingWriteStream : MemoryStream
    {
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            throw new IOException("disk full");
        }
    }
}
