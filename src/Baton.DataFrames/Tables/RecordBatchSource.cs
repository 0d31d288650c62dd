using Apache.Arrow;
using Baton.DataFrames.Arrow;

namespace Baton.DataFrames.Tables;

/// <summary>Reads a <see cref="RecordBatch"/>'s columns out in chunks.</summary>
internal sealed class RecordBatchSource : ITableSource
{
    private readonly RecordBatch _batch;

    public RecordBatchSource(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _batch = batch;
        var columns = new List<TableColumn>(batch.ColumnCount);
        for (var i = 0; i < batch.ColumnCount; i++)
        {
            var field = batch.Schema.GetFieldByIndex(i);
            var column = ArrowSchemas.FromArrow(field, batch.Column(i).NullCount > 0)
                ?? throw new NotSupportedException($"column '{field.Name}' has the Arrow type {field.DataType.Name}, which Baton does not store (supported: {ColumnKinds.Supported})");
            columns.Add(column);
        }

        Schema = new TableSchema(columns);
    }

    public TableSchema Schema { get; }

    public long RowCount => _batch.Length;

    public ColumnChunk Read(int column, long offset, int count) => ArrowChunkReader.Read(_batch.Column(column), Schema.Columns[column], (int)offset, count);
}
