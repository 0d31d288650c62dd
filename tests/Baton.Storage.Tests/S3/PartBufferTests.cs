using System.Buffers;
using Baton.Storage.S3;

namespace Baton.Storage.Tests.S3;

/// <summary>The part buffers of S3 uploads: exact bytes, growth only for the first part, every array back in the store's pool.</summary>
public sealed class PartBufferTests
{
    private const int PartSize = 1024 * 1024;

    [Fact]
    public async Task ValueSmallerThanAPart_IsHeldWhole_NotFull_AndFromAnArrayThatGrewToFitIt()
    {
        var pool = new RecordingPool(PartBuffer.CreatePool(PartSize, 3));
        var value = Bytes(300 * 1024);

        using (var part = await PartBuffer.FillAsync(pool, new MemoryStream(value), PartBuffer.InitialSize, PartSize, CancellationToken.None))
        {
            Assert.False(part.IsFull);
            Assert.Equal(value.Length, part.Length);
            Assert.Equal(value, part.OpenRead().ToArray());
            // 256 KiB, then 512 KiB once the first was full: never a whole part for a small value.
            Assert.Equal([256 * 1024, 512 * 1024], pool.Rented);
        }

        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public async Task LongerValue_FillsExactlyOnePart_AndTheNextPartStartsWhereItStopped()
    {
        var pool = new RecordingPool(PartBuffer.CreatePool(PartSize, 3));
        var value = Bytes(PartSize + 1000);
        var source = new MemoryStream(value);

        using (var first = await PartBuffer.FillAsync(pool, source, PartBuffer.InitialSize, PartSize, CancellationToken.None))
        using (var second = await PartBuffer.FillAsync(pool, source, PartSize, PartSize, CancellationToken.None))
        {
            Assert.True(first.IsFull);
            Assert.Equal(value.AsSpan(0, PartSize).ToArray(), first.OpenRead().ToArray());
            Assert.False(second.IsFull);
            Assert.Equal(value.AsSpan(PartSize).ToArray(), second.OpenRead().ToArray());
            // A later part takes a whole part at once, with no doubling copies.
            Assert.Equal(PartSize, pool.Rented[^1]);
        }

        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public async Task FailingSource_ReturnsTheArrayAndPassesTheErrorOn()
    {
        var pool = new RecordingPool(PartBuffer.CreatePool(PartSize, 3));
        var source = new FailingStream(bytesBeforeFailure: 600 * 1024);

        var error = await Assert.ThrowsAsync<IOException>(() => PartBuffer.FillAsync(pool, source, PartBuffer.InitialSize, PartSize, CancellationToken.None));

        Assert.Equal("the source broke", error.Message);
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public async Task StorePool_HandsBackTheSamePartArrays_ForUploadAfterUpload()
    {
        var pool = PartBuffer.CreatePool(PartSize, 3);
        var seen = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);
        for (var upload = 0; upload < 10; upload++)
        {
            using var part = await PartBuffer.FillAsync(pool, new MemoryStream(Bytes(PartSize)), PartSize, PartSize, CancellationToken.None);
            seen.Add(ArrayOf(part, pool));
        }

        Assert.Single(seen);
    }

    private static byte[] ArrayOf(PartBuffer part, ArrayPool<byte> pool)
    {
        // The pool is LIFO per size: renting right after the part is returned gives its array back.
        part.Dispose();
        var array = pool.Rent(PartSize);
        pool.Return(array);
        return array;
    }

    private static byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Counts what is rented and returned.</summary>
    private sealed class RecordingPool(ArrayPool<byte> inner) : ArrayPool<byte>
    {
        public List<int> Rented { get; } = [];

        public int Outstanding { get; private set; }

        public override byte[] Rent(int minimumLength)
        {
            Rented.Add(minimumLength);
            Outstanding++;
            return inner.Rent(minimumLength);
        }

        public override void Return(byte[] array, bool clearArray = false)
        {
            Outstanding--;
            inner.Return(array, clearArray);
        }
    }

    /// <summary>Gives some bytes, then throws.</summary>
    private sealed class FailingStream(int bytesBeforeFailure) : MemoryStream(new byte[bytesBeforeFailure])
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position < Length ? base.ReadAsync(buffer, cancellationToken) : throw new IOException("the source broke");
    }
}
