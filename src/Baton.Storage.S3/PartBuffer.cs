using System.Buffers;

namespace Baton.Storage.S3;

/// <summary>
/// Up to one part of an upload, read from the source into a pooled array that grows as bytes arrive (so a small value
/// does not take a whole part's memory). Disposing it returns the array to the pool.
/// </summary>
internal sealed class PartBuffer : IDisposable
{
    private const int InitialSize = 256 * 1024;
    private byte[]? _array;

    private PartBuffer(byte[] array, int length, int capacity)
    {
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

    /// <summary>Reads from <paramref name="source"/> until <paramref name="capacity"/> bytes are held or the source ends.</summary>
    public static async Task<PartBuffer> FillAsync(Stream source, int capacity, CancellationToken cancellationToken)
    {
        var array = ArrayPool<byte>.Shared.Rent(Math.Min(InitialSize, capacity));
        var length = 0;
        var filled = false;
        try
        {
            while (length < capacity)
            {
                if (length == array.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)array.Length * 2, capacity));
                    array.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(array);
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
            return new PartBuffer(array, length, capacity);
        }
        finally
        {
            if (!filled)
            {
                ArrayPool<byte>.Shared.Return(array);
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
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
