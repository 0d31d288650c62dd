using Apache.Arrow;
using Apache.Arrow.Ipc;
using Baton.DataFrames.Tables;

namespace Baton.DataFrames.Arrow;

/// <summary>Writes a table as an Arrow IPC stream (schema, then record batches of bounded size, then the end marker), forward only.</summary>
internal static class ArrowIpcTableWriter
{
    public static async Task WriteAsync(ITableSource source, Stream destination, int batchSize, CancellationToken cancellationToken)
    {
        var schema = ArrowSchemas.ToArrow(source.Schema);
        using var writer = new ArrowStreamWriter(destination, schema, leaveOpen: true);
        await writer.WriteStartAsync(cancellationToken).ConfigureAwait(false);
        for (long offset = 0; offset < source.RowCount; offset += batchSize)
        {
            var count = (int)Math.Min(batchSize, source.RowCount - offset);
            var arrays = new IArrowArray[source.Schema.Columns.Count];
            for (var c = 0; c < arrays.Length; c++)
            {
                var builder = ArrowColumnBuilder.Create(source.Schema.Columns[c], count);
                using (var chunk = source.Read(c, offset, count))
                {
                    builder.Append(chunk);
                }

                arrays[c] = builder.Build();
            }

            using var batch = new RecordBatch(schema, arrays, count);
            await writer.WriteRecordBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        await writer.WriteEndAsync(cancellationToken).ConfigureAwait(false);
    }
}
