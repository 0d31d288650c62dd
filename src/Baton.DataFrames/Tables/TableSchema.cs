namespace Baton.DataFrames.Tables;

/// <summary>The columns of a stored table, in order.</summary>
internal sealed record TableSchema(IReadOnlyList<TableColumn> Columns);
