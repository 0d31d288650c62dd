using Baton.DataFrames.Tables;
using Parquet;
using Parquet.Schema;

namespace Baton.DataFrames.Parquet;

/// <summary>
/// Writes a table as a Parquet file straight into a forward-only stream, one row group at a time. Parquet.Net's writer
/// needs neither Seek nor Position: it counts the bytes it writes for the footer's offsets.
/// </summary>
internal static class ParquetTableWriter
{
    public static async Task WriteAsync(ITableSource source, Stream destination, int rowGroupSize, CompressionMethod compression, CancellationToken cancellationToken)
    {
        var fields = source.Schema.Columns.Select(ParquetSchemas.ToField).ToArray();
        var options = new ParquetOptions { CompressionMethod = compression };
        var ones = source.Schema.Columns.Any(c => c.Nullable) ? Enumerable.Repeat(1, (int)Math.Min(rowGroupSize, Math.Max(source.RowCount, 1))).ToArray() : [];
        if (fields.Length == 0)
        {
            // Parquet.Net refuses a schema without fields: a table with no columns is stored as one placeholder column
            // and no rows, marked in the file's metadata so that the reader drops it.
            var empty = await ParquetWriter.CreateAsync(new ParquetSchema(new DataField<bool>(ParquetSchemas.NoColumnsPlaceholder, true)), destination, options, append: false, cancellationToken).ConfigureAwait(false);
            await using (empty.ConfigureAwait(false))
            {
                empty.CustomMetadata = new Dictionary<string, string> { [ParquetSchemas.NoColumnsKey] = "true" };
            }

            return;
        }

        var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), destination, options, append: false, cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            for (long offset = 0; offset < source.RowCount; offset += rowGroupSize)
            {
                var count = (int)Math.Min(rowGroupSize, source.RowCount - offset);
                using var rowGroup = writer.CreateRowGroup();
                for (var c = 0; c < fields.Length; c++)
                {
                    using var chunk = source.Read(c, offset, count);
                    await WriteAsync(rowGroup, fields[c], source.Schema.Columns[c].Nullable, chunk, ones, cancellationToken).ConfigureAwait(false);
                }

                rowGroup.CompleteValidate();
            }
        }
    }

    private static Task WriteAsync(ParquetRowGroupWriter rowGroup, DataField field, bool nullable, ColumnChunk chunk, int[] ones, CancellationToken cancellationToken) => chunk switch
    {
        StringChunk strings => rowGroup.WriteAsync(field, strings.Values!),
        ValueChunk<bool> values => Values(rowGroup, field, nullable, values, ones, cancellationToken),
        ValueChunk<sbyte> values => Values(rowGroup, field, nullable, values, ones, cancellationToken),
        ValueChunk<byte> values => Values(rowGroup, field, nullable, values, ones, cancellationToken),
        ValueChunk<short> values => Values(rowGroup, field, nullable, values, ones, cancellationToken),
        ValueChunk<ushort> values => Values(rowGroup, field, nullable, values, ones, cancellationToken),
        ValueChunk<int> values => Values(rowGroup, field, nullable, values, ones, cancellationToken),
        ValueChunk<uint> values => Values(rowGroup, field, nullable, values, ones, cancellationToken),
        ValueChunk<long> values => Values(rowGroup, field, nullable, values, ones, cancellationToken),
        ValueChunk<ulong> values => Values(rowGroup, field, nullable, values, ones, cancellationToken),
        ValueChunk<float> values => Values(rowGroup, field, nullable, values, ones, cancellationToken),
        ValueChunk<double> values => Values(rowGroup, field, nullable, values, ones, cancellationToken),
        ValueChunk<decimal> values => Values(rowGroup, field, nullable, values, ones, cancellationToken),
        ValueChunk<DateTime> values => Values(rowGroup, field, nullable, values, ones, cancellationToken),
        _ => throw new NotSupportedException($"column '{field.Name}': no Parquet writer for {chunk.GetType().Name}"),
    };

    // The non-null values and one definition level per row go to Parquet as they are: no T?[] is built.
    private static Task Values<T>(ParquetRowGroupWriter rowGroup, DataField field, bool nullable, ValueChunk<T> chunk, int[] ones, CancellationToken cancellationToken)
        where T : struct =>
        nullable
            ? rowGroup.WriteAllPartsAsync(field, chunk.Values, chunk.Levels ?? ones.AsMemory(0, chunk.Length), null, cancellationToken)
            : rowGroup.WriteAsync(field, chunk.Values, null, null, cancellationToken);
}
