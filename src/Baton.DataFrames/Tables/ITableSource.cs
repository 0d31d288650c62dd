namespace Baton.DataFrames.Tables;

/// <summary>A table in memory (a DataFrame or a RecordBatch) read out chunk by chunk by a format writer.</summary>
internal interface ITableSource
{
    TableSchema Schema { get; }

    long RowCount { get; }

    /// <summary>Rows <paramref name="offset"/> to <paramref name="offset"/> + <paramref name="count"/> of column <paramref name="column"/>.</summary>
    ColumnChunk Read(int column, long offset, int count);
}
