using System.Buffers;

namespace Baton.Storage.S3;

/// <summary>
/// Up to one part of an upload, read from the source into an array rented from the store's part pool. The first part
/// of an upload grows as bytes arrive (so a small value does not take a whole part's memory); the next ones take a
/// whole part at once. Disposing it returns the array to the pool.
/// </summary>
internal sealed class PartBuffer : IDisposable
{
    /// <summary>What the first part of an upload starts with.</summary>
    public const int InitialSize = 256 * 1024;

    private readonly ArrayPool<byte> _pool;
    private byte[]? _array;

    private PartBuffer(ArrayPool<byte> pool, byte[] array, int length, int capacity)
    {
        _pool = pool;
        _array = array;
        Length = length;
        Capacity = capacity;
    }

    /// <summary>The bytes read.</summary>
    public int Length { get; }

    /// <summary>The most this part could hold.</summary>
    public int Capacity { get; }

    /// <summary>True when the part is full: the source may have more.</summary>
    public bool IsFull => Length == Capacity;

    /// <summary>A pool for the parts of one store's uploads: it keeps at most <paramref name="partsInUse"/> arrays of each size.</summary>
    /// <remarks>
    /// Not <see cref="ArrayPool{T}.Shared"/>: that one keeps up to 32 arrays of a size per core, so part-sized arrays
    /// returned from the SDK's threads piled up to ~100 MiB that no GC gives back; a fresh array per part instead churns
    /// the large object heap. This pool holds what the uploads in flight need and no more.
    /// </remarks>
    public static ArrayPool<byte> CreatePool(long partSize, int partsInUse) =>
        ArrayPool<byte>.Create((int)partSize, partsInUse);

    /// <summary>Reads from <paramref name="source"/> until <paramref name="capacity"/> bytes are held or the source ends.</summary>
    /// <param name="pool">Where the array comes from and goes back to.</param>
    /// <param name="source">The bytes.</param>
    /// <param name="initialSize">The size of the first array rented; it doubles as bytes arrive, up to <paramref name="capacity"/>.</param>
    /// <param name="capacity">The part size.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    public static async Task<PartBuffer> FillAsync(ArrayPool<byte> pool, Stream source, int initialSize, int capacity, CancellationToken cancellationToken)
    {
        var array = pool.Rent(Math.Min(initialSize, capacity));
        var length = 0;
        var filled = false;
        try
        {
            while (length < capacity)
            {
                if (length == array.Length)
                {
                    var larger = pool.Rent((int)Math.Min((long)array.Length * 2, capacity));
                    array.AsSpan(0, length).CopyTo(larger);
                    pool.Return(array);
                    array = larger;
                }

                var read = await source.ReadAsync(array.AsMemory(length, Math.Min(array.Length, capacity) - length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            filled = true;
            return new PartBuffer(pool, array, length, capacity);
        }
        finally
        {
            if (!filled)
            {
                pool.Return(array);
            }
        }
    }

    /// <summary>A read-only, seekable stream over the bytes (so the SDK can resend them on a retry).</summary>
    public MemoryStream OpenRead() =>
        new(_array ?? throw new ObjectDisposedException(nameof(PartBuffer)), 0, Length, writable: false, publiclyVisible: false);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_array is { } array)
        {
            _array = null;
            _pool.Return(array);
        }
    }
}
