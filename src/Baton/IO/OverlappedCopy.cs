using System.Buffers;

namespace Baton.IO;

/// <summary>
/// Copies a stream in large chunks with the next read running while the last chunk is written, so the source's work
/// (a file read, a checksum, a decompressor) and the destination's overlap instead of taking turns as in
/// <see cref="Stream.CopyToAsync(Stream, int, CancellationToken)"/>. One read and one write at a time, in order.
/// </summary>
internal static class OverlappedCopy
{
    /// <summary>
    /// 256 KiB: a third of the calls of Stream's default 80 KiB. Not 1 MiB: 1 MiB reads of a file still being written back,
    /// with 1 MiB writes, ran at a quarter of the speed (Linux 6.18, ext4), and XCom values usually are such files.
    /// </summary>
    public const int ChunkSize = 256 * 1024;

    public static async Task CopyAsync(Stream source, Stream destination, int chunkSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var current = ArrayPool<byte>.Shared.Rent(chunkSize);
        var next = ArrayPool<byte>.Shared.Rent(chunkSize);
        try
        {
            var read = await source.ReadAsync(current.AsMemory(0, chunkSize), cancellationToken).ConfigureAwait(false);
            while (read > 0)
            {
                var reading = source.ReadAsync(next.AsMemory(0, chunkSize), cancellationToken);
                try
                {
                    await destination.WriteAsync(current.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception writeError) when (writeError is not OutOfMemoryException)
                {
                    // The read must end before its buffer goes back to the pool; the write's error is the one reported.
                    try
                    {
                        await reading.ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                    }

                    throw;
                }

                read = await reading.ConfigureAwait(false);
                (current, next) = (next, current);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }
}
