namespace Baton.DataFrames.Tables;

/// <summary>A table being built in memory (a DataFrame or a RecordBatch) from the chunks a format reader hands it.</summary>
internal interface ITableSink
{
    /// <summary>Called once, before any chunk, with the stored schema and the row count when the format records it.</summary>
    void Begin(TableSchema schema, long? rowCount);

    /// <summary>Appends the next rows of one column (every column gets the same rows, in order).</summary>
    void Append(int column, ColumnChunk chunk);

    /// <summary>The table built.</summary>
    object Complete();
}
