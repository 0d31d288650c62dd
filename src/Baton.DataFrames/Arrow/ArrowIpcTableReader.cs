using Apache.Arrow.Ipc;
using Baton.DataFrames.IO;
using Baton.DataFrames.Tables;
using Baton.Serialization;

namespace Baton.DataFrames.Arrow;

/// <summary>Reads an Arrow IPC stream batch by batch into a table sink, forward only.</summary>
internal static class ArrowIpcTableReader
{
    /// <summary>Reads the stream into <paramref name="sink"/>; with <paramref name="maxRows"/>, later batches are only counted.</summary>
    /// <returns>The schema and the total row count.</returns>
    /// <exception cref="CorruptSerializedValueException">The bytes are not a valid Arrow IPC stream.</exception>
    /// <exception cref="TableTypeException">The stream is valid but has a column Baton does not read.</exception>
    public static async Task<(TableSchema Schema, long Rows)> ReadAsync(Stream source, ITableSink sink, long? maxRows, CancellationToken cancellationToken)
    {
        var guard = new SourceGuardStream(source);
        try
        {
            using var reader = new ArrowStreamReader(guard, leaveOpen: true);
            var batch = await reader.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false);
            var arrowSchema = reader.Schema ?? throw new InvalidDataException("the stream has no schema message");
            var schema = ArrowSchemas.FromArrow(arrowSchema);
            sink.Begin(schema, null);
            long rows = 0;
            while (batch is not null)
            {
                using (batch)
                {
                    if (batch.ColumnCount != schema.Columns.Count)
                    {
                        throw new InvalidDataException($"a record batch has {batch.ColumnCount} columns where the schema has {schema.Columns.Count}");
                    }

                    if (rows < (maxRows ?? long.MaxValue))
                    {
                        for (var c = 0; c < schema.Columns.Count; c++)
                        {
                            using var chunk = ArrowChunkReader.Read(batch.Column(c), schema.Columns[c], 0, batch.Length);
                            sink.Append(c, chunk);
                        }
                    }

                    rows += batch.Length;
                }

                batch = await reader.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false);
            }

            return (schema, rows);
        }
        catch (Exception e) when (!guard.SourceFailed && e is not (OperationCanceledException or OutOfMemoryException or TableTypeException or BatonException))
        {
            throw new CorruptSerializedValueException(ArrowIpcXComSerializer.FormatName, $"not a valid Arrow IPC stream: {e.Message}", e);
        }
    }
}
