using Apache.Arrow;
using Baton.DataFrames.Arrow;

namespace Baton.DataFrames.Tables;

/// <summary>Builds one <see cref="RecordBatch"/> holding every row read.</summary>
internal sealed class RecordBatchSink : ITableSink
{
    private Schema? _schema;
    private ArrowColumnBuilder[] _builders = [];
    private long _rows;

    public void Begin(TableSchema schema, long? rowCount)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _schema = ArrowSchemas.ToArrow(schema);
        _builders = schema.Columns.Select(c => ArrowColumnBuilder.Create(c, rowCount ?? 1024)).ToArray();
    }

    public void Append(int column, ColumnChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        _builders[column].Append(chunk);
        if (column == 0)
        {
            _rows += chunk.Length;
        }
    }

    public Memory<T>? Destination<T>(int column, int rows)
        where T : unmanaged => null;

    public void Advance(int column, int rows) => throw new NotSupportedException();

    public object Complete() => new RecordBatch(_schema ?? throw new InvalidOperationException("no schema was read"), _builders.Select(b => b.Build()), checked((int)_rows));
}
