using System.Buffers;

namespace Baton.IO;

/// <summary>
/// Bytes of a length not known in advance, gathered in chunks (doubling from 4 KiB up to 1 MiB each) and copied once into
/// an array of the exact length at the end. A <see cref="MemoryStream"/> would copy its buffer at every doubling and again
/// for <see cref="MemoryStream.ToArray"/>: about three times the value allocated and copied, all of it on the large
/// object heap for a value over 85 KB. The chunks of the first 2 MiB come from the shared array pool, so typical values
/// allocate nothing but their final array; later chunks are plain arrays, so one large value does not leave tens of
/// megabytes parked in the pool.
/// </summary>
internal sealed class ChunkedBuffer : IDisposable
{
    private const int FirstChunkSize = 4096;
    private const int LargestChunkSize = 1 << 20;
    private const long PooledBytes = 1 << 20;
    private readonly List<byte[]> _chunks = [];
    private int _pooledChunks;
    private int _usedInLast;

    /// <summary>The number of bytes held.</summary>
    public long Length { get; private set; }

    /// <summary>Appends bytes.</summary>
    /// <exception cref="IOException">The bytes would not fit in one array.</exception>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var free = FreeSpace().Span;
            var n = Math.Min(free.Length, bytes.Length);
            bytes[..n].CopyTo(free);
            Advance(n);
            bytes = bytes[n..];
        }
    }

    /// <summary>Appends everything <paramref name="source"/> has left, reading straight into the chunks.</summary>
    /// <exception cref="IOException">The bytes would not fit in one array.</exception>
    public async ValueTask ReadFromAsync(Stream source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        int read;
        while ((read = await source.ReadAsync(FreeSpace(), cancellationToken).ConfigureAwait(false)) > 0)
        {
            Advance(read);
        }
    }

    /// <summary>Writes the bytes held to <paramref name="destination"/>, in order.</summary>
    public async ValueTask CopyToAsync(Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        for (var i = 0; i < _chunks.Count; i++)
        {
            await destination.WriteAsync(_chunks[i].AsMemory(0, UsedIn(i)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A new array with exactly the bytes held.</summary>
    public byte[] ToArray()
    {
        if (Length == 0)
        {
            return [];
        }

        var result = GC.AllocateUninitializedArray<byte>((int)Length);
        var at = 0;
        for (var i = 0; i < _chunks.Count; i++)
        {
            var used = UsedIn(i);
            _chunks[i].AsSpan(0, used).CopyTo(result.AsSpan(at));
            at += used;
        }

        return result;
    }

    /// <summary>Returns the pooled chunks to the pool; the buffer is empty afterwards.</summary>
    public void Dispose()
    {
        for (var i = 0; i < _pooledChunks; i++)
        {
            ArrayPool<byte>.Shared.Return(_chunks[i]);
        }

        _chunks.Clear();
        _pooledChunks = 0;
        _usedInLast = 0;
        Length = 0;
    }

    private int UsedIn(int index) => index == _chunks.Count - 1 ? _usedInLast : _chunks[index].Length;

    private Memory<byte> FreeSpace()
    {
        if (Length >= Array.MaxLength)
        {
            throw new IOException($"Stream was too long: no more than {Array.MaxLength} bytes can be held in one array.");
        }

        if (_chunks.Count == 0 || _usedInLast == _chunks[^1].Length)
        {
            var size = (int)Math.Clamp(Length, FirstChunkSize, LargestChunkSize);
            // Up to and including the chunk that starts at 1 MiB: a 1 MiB value's last read (the one that finds the end)
            // then lands in a pooled chunk too.
            if (Length <= PooledBytes)
            {
                _chunks.Add(ArrayPool<byte>.Shared.Rent(size));
                _pooledChunks++;
            }
            else
            {
                _chunks.Add(GC.AllocateUninitializedArray<byte>(size));
            }

            _usedInLast = 0;
        }

        var last = _chunks[^1];
        // Never offer more room than one array can hold in all.
        var room = (int)Math.Min(last.Length - _usedInLast, Array.MaxLength - Length);
        return last.AsMemory(_usedInLast, room);
    }

    private void Advance(int count)
    {
        _usedInLast += count;
        Length += count;
    }
}
