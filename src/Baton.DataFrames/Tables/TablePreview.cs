using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace Baton.DataFrames.Tables;

/// <summary>The text of a table preview: format, shape, columns with their types, then the first rows aligned.</summary>
internal static class TablePreview
{
    private const int MaxCell = 40;

    public static string Format(string format, TableSchema schema, long rows, DataFrame head, int maxRows)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{format}: {rows:N0} rows × {schema.Columns.Count} columns\n");
        var nameWidth = schema.Columns.Count == 0 ? 0 : schema.Columns.Max(c => c.Name.Length);
        foreach (var column in schema.Columns)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {column.Name.PadRight(nameWidth)}  {column.TypeName}{(column.Nullable ? ", nullable" : "")}\n");
        }

        var shown = (int)Math.Min(Math.Min(head.Rows.Count, maxRows), rows);
        if (schema.Columns.Count == 0 || shown == 0)
        {
            return text.ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $"first {shown} rows:\n");
        var cells = new string[shown + 1][];
        cells[0] = schema.Columns.Select(c => c.Name).ToArray();
        for (var r = 0; r < shown; r++)
        {
            cells[r + 1] = head.Columns.Select(c => Cell(c[r])).ToArray();
        }

        var widths = Enumerable.Range(0, schema.Columns.Count).Select(c => cells.Max(row => row[c].Length)).ToArray();
        for (var r = 0; r < cells.Length; r++)
        {
            text.Append(string.Join(" | ", cells[r].Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd()).Append('\n');
            if (r == 0)
            {
                text.Append(string.Join("-+-", widths.Select(w => new string('-', w)))).Append('\n');
            }
        }

        if (rows > shown)
        {
            text.Append(CultureInfo.InvariantCulture, $"… {rows - shown:N0} more rows\n");
        }

        return text.ToString();
    }

    /// <summary>A cell as a JSON writer can write it: floats that are not finite become their names, times UTC.</summary>
    public static object? JsonCell(object? value) => value switch
    {
        double d when !double.IsFinite(d) => d.ToString(CultureInfo.InvariantCulture),
        float f when !float.IsFinite(f) => f.ToString(CultureInfo.InvariantCulture),
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        _ => value,
    };

    private static string Cell(object? value)
    {
        var text = value switch
        {
            null => "null",
            DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        text = text.Replace('\n', ' ').Replace('\r', ' ');
        return text.Length > MaxCell ? text[..(MaxCell - 1)] + "…" : text;
    }
}
