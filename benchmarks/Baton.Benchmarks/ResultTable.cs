using System.Text;

namespace Baton.Benchmarks;

/// <summary>A plain-text table: a title, a header row, aligned cells (numbers right, text left) and notes under it.</summary>
internal sealed class ResultTable
{
    private readonly string[] _columns;
    private readonly List<string[]> _rows = [];
    private readonly List<string> _notes = [];

    public ResultTable(string title, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Title = title;
        _columns = columns;
    }

    public string Title { get; }

    public IReadOnlyList<string[]> Rows => _rows;

    public void AddRow(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != _columns.Length)
        {
            throw new ArgumentException($"expected {_columns.Length} cells, got {cells.Length}", nameof(cells));
        }

        _rows.Add(cells);
    }

    public void AddNote(string note) => _notes.Add(note);

    public void Write(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var widths = _columns.Select((c, i) => _rows.Select(r => r[i].Length).Append(c.Length).Max()).ToArray();
        // A placeholder ("-", "n/a…") neither makes a column text nor is counted as a number.
        var numeric = _columns.Select((_, i) => _rows.Any(r => IsNumeric(r[i])) && _rows.All(r => IsNumeric(r[i]) || IsPlaceholder(r[i]))).ToArray();

        writer.WriteLine(Title);
        writer.WriteLine(Line(_columns));
        writer.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in _rows)
        {
            writer.WriteLine(Line(row));
        }

        foreach (var note in _notes)
        {
            writer.WriteLine(note);
        }

        writer.WriteLine();

        string Line(string[] cells)
        {
            var line = new StringBuilder();
            for (var i = 0; i < cells.Length; i++)
            {
                if (i > 0)
                {
                    line.Append(" | ");
                }

                line.Append(numeric[i] ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
            }

            return line.ToString().TrimEnd();
        }
    }

    private static bool IsPlaceholder(string cell) => cell is "-" or "" || cell.StartsWith("n/a", StringComparison.Ordinal);

    private static bool IsNumeric(string cell) =>
        cell.Length > 0 && (char.IsAsciiDigit(cell[0]) || cell[0] is '-' or '<' or '>') && cell.Any(char.IsAsciiDigit);
}
