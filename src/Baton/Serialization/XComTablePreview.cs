namespace Baton.Serialization;

/// <summary>The head of a stored table: its format, columns, total row count and first rows.</summary>
/// <param name="Format">The stored format (<c>parquet</c>, <c>arrow</c>).</param>
/// <param name="Columns">The columns, in order.</param>
/// <param name="TotalRows">How many rows the table has.</param>
/// <param name="Rows">The first rows, each with one cell per column: a number, a string, a boolean, a UTC time, or null
/// (a float that is not a number, or infinite, as the string <c>NaN</c>, <c>Infinity</c> or <c>-Infinity</c>).</param>
public sealed record XComTablePreview(string Format, IReadOnlyList<XComTableColumn> Columns, long TotalRows, IReadOnlyList<IReadOnlyList<object?>> Rows);
