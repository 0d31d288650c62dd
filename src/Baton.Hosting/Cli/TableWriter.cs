namespace Baton.Hosting.Cli;

/// <summary>Prints rows as a plain table with a header, columns padded to their widest cell (no wrapping, so ids stay whole).</summary>
internal static class TableWriter
{
    public static void Write(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        // Cells come from ids, settings and values: escaped, so none can move the cursor or split a row.
        var all = rows.Select(r => r.Select(c => CliText.Escape(c)).ToArray()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        output.WriteLine(Line(headers, widths));
        output.WriteLine(string.Join(" | ", widths.Select(w => new string('=', w))));
        foreach (var row in all)
        {
            output.WriteLine(Line(row, widths));
        }
    }

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
}
