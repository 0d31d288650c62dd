namespace Baton.DataFrames.IO;

/// <summary>
/// Parquet's footer is at the end of the file and Parquet.Net's reader needs a seekable stream, while a stored value
/// arrives as a forward-only stream (it is checksummed on the way). Small values are copied into memory; from
/// <see cref="MemoryLimit"/> bytes on, the copy goes to a temporary file deleted when it is closed.
/// </summary>
internal static class SeekableCopy
{
    /// <summary>The largest value kept in memory while it is read.</summary>
    public const int MemoryLimit = 16 * 1024 * 1024;

    /// <summary>Copies <paramref name="source"/> to its end (so its checksum is checked) into a seekable stream at position 0.</summary>
    public static async Task<Stream> CreateAsync(Stream source, CancellationToken cancellationToken)
    {
        var memory = new MemoryStream();
        var buffer = new byte[1 << 16];
        int n;
        while ((n = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await memory.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            if (memory.Length >= MemoryLimit)
            {
                return await SpillAsync(memory, source, cancellationToken).ConfigureAwait(false);
            }
        }

        memory.Position = 0;
        return memory;
    }

    private static async Task<Stream> SpillAsync(MemoryStream held, Stream source, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"baton-xcom-{Guid.NewGuid():N}.tmp");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            held.Position = 0;
            await held.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            await held.DisposeAsync().ConfigureAwait(false);
            await source.CopyToAsync(file, 1 << 20, cancellationToken).ConfigureAwait(false);
            file.Position = 0;
            return file;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
