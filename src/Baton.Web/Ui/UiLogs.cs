using System.Text;

namespace Baton.Web.Ui;

/// <summary>Reads the end of a try's log file, never the whole of a large one.</summary>
internal static class UiLogs
{
    /// <summary>
    /// The text of the last <paramref name="maxBytes"/> bytes (from a line start), how many bytes come before it, and the
    /// offset where the text ends (where a follow goes on from).
    /// </summary>
    public static async Task<(string Text, long Skipped, long End)> ReadTailAsync(string path, int maxBytes, CancellationToken cancellationToken)
    {
        await using var file = Open(path);
        var length = file.Length;
        var from = Math.Max(0, length - maxBytes);
        var (text, read) = await ReadAsync(file, from, length, cancellationToken).ConfigureAwait(false);
        var shownFrom = from;
        if (from > 0 && text.IndexOf('\n', StringComparison.Ordinal) is var newline and >= 0)
        {
            // Begin at a whole line (a cut UTF-8 sequence or half a line helps no one).
            shownFrom += Encoding.UTF8.GetByteCount(text.AsSpan(0, newline + 1));
            text = text[(newline + 1)..];
        }

        return (text, shownFrom, from + read);
    }

    /// <summary>What the file holds from <paramref name="offset"/> on, at most <paramref name="maxBytes"/>, and the offset where that ends.</summary>
    public static async Task<(string Text, long End)> ReadFromAsync(string path, long offset, int maxBytes, CancellationToken cancellationToken)
    {
        await using var file = Open(path);
        var length = file.Length;
        if (offset < 0 || offset > length)
        {
            // The file was replaced (a cleared task's new try 1): start again from its beginning.
            offset = 0;
        }

        var (text, read) = await ReadAsync(file, offset, Math.Min(length, offset + maxBytes), cancellationToken).ConfigureAwait(false);
        return (text, offset + read);
    }

    private static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);

    private static async Task<(string Text, int Read)> ReadAsync(FileStream file, long from, long to, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)(to - from)];
        file.Position = from;
        var read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var complete = read;
        // Leave out a trailing partial UTF-8 sequence (continuation bytes after a lead byte that needs more).
        for (var back = 1; back <= Math.Min(3, read); back++)
        {
            var b = buffer[read - back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            if (needed > back)
            {
                complete = read - back;
            }

            break;
        }

        return (Encoding.UTF8.GetString(buffer, 0, complete), complete);
    }
}
