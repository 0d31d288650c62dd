using Baton.DataFrames.Tables;
using Baton.Serialization;
using Parquet;
using Parquet.Schema;

namespace Baton.DataFrames.Parquet;

/// <summary>Reads a Parquet file row group by row group into a table sink. The stream must be seekable (the footer is at the end).</summary>
internal static class ParquetTableReader
{
    /// <summary>Reads the file into <paramref name="sink"/>; with <paramref name="maxRows"/>, stops after the row group that reaches it.</summary>
    /// <returns>The schema and the file's total row count.</returns>
    /// <exception cref="CorruptSerializedValueException">The bytes are not a valid Parquet file.</exception>
    /// <exception cref="TableTypeException">The file is valid but has a column Baton does not read.</exception>
    public static async Task<(TableSchema Schema, long Rows)> ReadAsync(Stream seekable, ITableSink sink, long? maxRows, CancellationToken cancellationToken)
    {
        try
        {
            var reader = await ParquetReader.CreateAsync(seekable, parquetOptions: null, leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (reader.CustomMetadata.TryGetValue(ParquetSchemas.NoColumnsKey, out var noColumns) && noColumns == "true")
                {
                    var none = new TableSchema([]);
                    sink.Begin(none, 0);
                    return (none, 0);
                }

                var schema = ParquetSchemas.FromParquet(reader.Schema);
                var fields = reader.Schema.DataFields;
                var total = reader.RowGroups.Sum(g => g.RowCount);
                sink.Begin(schema, maxRows is { } max ? Math.Min(max, total) : total);
                long read = 0;
                for (var g = 0; g < reader.RowGroupCount && read < (maxRows ?? long.MaxValue); g++)
                {
                    using var rowGroup = reader.OpenRowGroupReader(g);
                    var rows = checked((int)rowGroup.RowCount);
                    for (var c = 0; c < fields.Length; c++)
                    {
                        if (!await ReadIntoSinkAsync(rowGroup, fields[c], schema.Columns[c], c, rows, sink, cancellationToken).ConfigureAwait(false))
                        {
                            using var chunk = await ReadAsync(rowGroup, fields[c], schema.Columns[c], rows, cancellationToken).ConfigureAwait(false);
                            sink.Append(c, chunk);
                        }
                    }

                    read += rows;
                }

                return (schema, total);
            }
        }
        catch (Exception e) when (IsInvalidFile(e))
        {
            throw new CorruptSerializedValueException(ParquetXComSerializer.FormatName, $"not a valid Parquet file: {e.Message}", e);
        }
    }

    private static bool IsInvalidFile(Exception e) =>
        e is not (OperationCanceledException or OutOfMemoryException or TableTypeException or BatonException);

    /// <summary>Reads a column with no nulls straight into the sink's buffer, when it offers one; false otherwise.</summary>
    private static ValueTask<bool> ReadIntoSinkAsync(ParquetRowGroupReader rowGroup, DataField field, TableColumn column, int index, int rows, ITableSink sink, CancellationToken cancellationToken) =>
        field.IsNullable ? ValueTask.FromResult(false) : column.Kind switch
        {
            ColumnKind.Boolean => IntoSinkAsync<bool>(rowGroup, field, index, rows, sink, cancellationToken),
            ColumnKind.SByte => IntoSinkAsync<sbyte>(rowGroup, field, index, rows, sink, cancellationToken),
            ColumnKind.Byte => IntoSinkAsync<byte>(rowGroup, field, index, rows, sink, cancellationToken),
            ColumnKind.Int16 => IntoSinkAsync<short>(rowGroup, field, index, rows, sink, cancellationToken),
            ColumnKind.UInt16 => IntoSinkAsync<ushort>(rowGroup, field, index, rows, sink, cancellationToken),
            ColumnKind.Int32 => IntoSinkAsync<int>(rowGroup, field, index, rows, sink, cancellationToken),
            ColumnKind.UInt32 => IntoSinkAsync<uint>(rowGroup, field, index, rows, sink, cancellationToken),
            ColumnKind.Int64 => IntoSinkAsync<long>(rowGroup, field, index, rows, sink, cancellationToken),
            ColumnKind.UInt64 => IntoSinkAsync<ulong>(rowGroup, field, index, rows, sink, cancellationToken),
            ColumnKind.Single => IntoSinkAsync<float>(rowGroup, field, index, rows, sink, cancellationToken),
            ColumnKind.Double => IntoSinkAsync<double>(rowGroup, field, index, rows, sink, cancellationToken),
            ColumnKind.Decimal => IntoSinkAsync<decimal>(rowGroup, field, index, rows, sink, cancellationToken),
            ColumnKind.DateTime => IntoSinkAsync<DateTime>(rowGroup, field, index, rows, sink, cancellationToken),
            _ => ValueTask.FromResult(false),
        };

    private static async ValueTask<bool> IntoSinkAsync<T>(ParquetRowGroupReader rowGroup, DataField field, int index, int rows, ITableSink sink, CancellationToken cancellationToken)
        where T : unmanaged
    {
        if (sink.Destination<T>(index, rows) is not { } destination)
        {
            return false;
        }

        await rowGroup.ReadRawAsync(field, destination, null, null, cancellationToken).ConfigureAwait(false);
        if (typeof(T) == typeof(DateTime))
        {
            var times = System.Runtime.InteropServices.MemoryMarshal.Cast<T, DateTime>(destination.Span);
            for (var i = 0; i < times.Length; i++)
            {
                if (times[i].Kind != DateTimeKind.Utc)
                {
                    times[i] = DateTime.SpecifyKind(times[i], DateTimeKind.Utc);
                }
            }
        }

        sink.Advance(index, rows);
        return true;
    }

    private static async Task<ColumnChunk> ReadAsync(ParquetRowGroupReader rowGroup, DataField field, TableColumn column, int rows, CancellationToken cancellationToken) => column.Kind switch
    {
        ColumnKind.Boolean => await ValuesAsync<bool>(rowGroup, field, rows, cancellationToken).ConfigureAwait(false),
        ColumnKind.SByte => await ValuesAsync<sbyte>(rowGroup, field, rows, cancellationToken).ConfigureAwait(false),
        ColumnKind.Byte => await ValuesAsync<byte>(rowGroup, field, rows, cancellationToken).ConfigureAwait(false),
        ColumnKind.Int16 => await ValuesAsync<short>(rowGroup, field, rows, cancellationToken).ConfigureAwait(false),
        ColumnKind.UInt16 => await ValuesAsync<ushort>(rowGroup, field, rows, cancellationToken).ConfigureAwait(false),
        ColumnKind.Int32 => await ValuesAsync<int>(rowGroup, field, rows, cancellationToken).ConfigureAwait(false),
        ColumnKind.UInt32 => await ValuesAsync<uint>(rowGroup, field, rows, cancellationToken).ConfigureAwait(false),
        ColumnKind.Int64 => await ValuesAsync<long>(rowGroup, field, rows, cancellationToken).ConfigureAwait(false),
        ColumnKind.UInt64 => await ValuesAsync<ulong>(rowGroup, field, rows, cancellationToken).ConfigureAwait(false),
        ColumnKind.Single => await ValuesAsync<float>(rowGroup, field, rows, cancellationToken).ConfigureAwait(false),
        ColumnKind.Double => await ValuesAsync<double>(rowGroup, field, rows, cancellationToken).ConfigureAwait(false),
        ColumnKind.Decimal => await ValuesAsync<decimal>(rowGroup, field, rows, cancellationToken).ConfigureAwait(false),
        ColumnKind.DateTime => UtcKind(await ValuesAsync<DateTime>(rowGroup, field, rows, cancellationToken).ConfigureAwait(false)),
        _ => await StringsAsync(rowGroup, field, rows, cancellationToken).ConfigureAwait(false),
    };

    private static async Task<ColumnChunk> ValuesAsync<T>(ParquetRowGroupReader rowGroup, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct
    {
        var values = ColumnChunk.Rent<T>(rows);
        var levels = field.IsNullable ? ColumnChunk.Rent<int>(rows) : null;
        try
        {
            await rowGroup.ReadRawAsync(field, values.AsMemory(0, rows), levels?.AsMemory(0, rows), null, cancellationToken).ConfigureAwait(false);
            var dense = levels is null ? rows : Count(levels.AsSpan(0, rows));
            return new ValueChunk<T>(rows, values.AsMemory(0, dense), dense == rows ? (ReadOnlyMemory<int>?)null : levels!.AsMemory(0, rows), values, levels);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            new ValueChunk<T>(rows, default, null, values, levels).Dispose();
            throw;
        }
    }

    private static int Count(ReadOnlySpan<int> levels)
    {
        var present = 0;
        foreach (var level in levels)
        {
            present += level;
        }

        return present;
    }

    private static ValueChunk<DateTime> UtcKind(ColumnChunk chunk)
    {
        // Parquet.Net already returns UTC for isAdjustedToUTC timestamps; older versions said Unspecified, so the rule is applied here.
        var times = (ValueChunk<DateTime>)chunk;
        var span = System.Runtime.InteropServices.MemoryMarshal.AsMemory(times.Values).Span;
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i].Kind != DateTimeKind.Utc)
            {
                span[i] = DateTime.SpecifyKind(span[i], DateTimeKind.Utc);
            }
        }

        return times;
    }

    private static async Task<ColumnChunk> StringsAsync(ParquetRowGroupReader rowGroup, DataField field, int rows, CancellationToken cancellationToken)
    {
        var values = ColumnChunk.Rent<string?>(rows);
        var chunk = new StringChunk(rows, values);
        try
        {
            await rowGroup.ReadAsync(field, values.AsMemory(0, rows)!, null, cancellationToken).ConfigureAwait(false);
            return chunk;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            chunk.Dispose();
            throw;
        }
    }
}
