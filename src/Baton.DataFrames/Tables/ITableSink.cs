namespace Baton.DataFrames.Tables;

/// <summary>A table being built in memory (a DataFrame or a RecordBatch) from the chunks a format reader hands it.</summary>
internal interface ITableSink
{
    /// <summary>Called once, before any chunk, with the stored schema and the row count when the format records it.</summary>
    void Begin(TableSchema schema, long? rowCount);

    /// <summary>Appends the next rows of one column (every column gets the same rows, in order).</summary>
    void Append(int column, ColumnChunk chunk);

    /// <summary>
    /// Where the next <paramref name="rows"/> values of a value column with no nulls can be read straight into, saving a
    /// copy; null when the sink has no such buffer. The caller fills it, then calls <see cref="Advance"/>.
    /// </summary>
    Memory<T>? Destination<T>(int column, int rows)
        where T : unmanaged;

    /// <summary>Takes <paramref name="rows"/> values (none null) written into the memory <see cref="Destination{T}"/> gave.</summary>
    void Advance(int column, int rows);

    /// <summary>The table built.</summary>
    object Complete();
}
