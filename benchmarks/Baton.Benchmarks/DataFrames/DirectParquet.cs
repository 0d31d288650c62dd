using Parquet;
using Parquet.Schema;

namespace Baton.Benchmarks.DataFrames;

/// <summary>
/// The baseline: the same columns written and read with Parquet.Net directly, to and from a local file, with the same
/// schema (required columns, UTC microsecond timestamps), row group size and compression as Baton uses.
/// </summary>
internal static class DirectParquet
{
    private static readonly DataField<long> Id = new("id", false);
    private static readonly DataField<double> Value = new("value", false);
    private static readonly DataField<string> Name = new("name", false);
    private static readonly DateTimeDataField At = new("at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false);
    private static readonly DataField<bool> Flag = new("flag", false);

    public static async Task WriteAsync(BenchmarkTable table, string path, int rowGroupSize, CancellationToken cancellationToken)
    {
        await using var file = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(Id, Value, Name, At, Flag), file, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }, cancellationToken: cancellationToken);
        for (var offset = 0; offset < table.Rows; offset += rowGroupSize)
        {
            var count = Math.Min(rowGroupSize, table.Rows - offset);
            using var rowGroup = writer.CreateRowGroup();
            await rowGroup.WriteAsync<long>(Id, table.Ids.AsMemory(offset, count), cancellationToken: cancellationToken);
            await rowGroup.WriteAsync<double>(Value, table.Values.AsMemory(offset, count), cancellationToken: cancellationToken);
            await rowGroup.WriteAsync(Name, new ArraySegment<string>(table.Names, offset, count));
            await rowGroup.WriteAsync<DateTime>(At, table.Times.AsMemory(offset, count), cancellationToken: cancellationToken);
            await rowGroup.WriteAsync<bool>(Flag, table.Flags.AsMemory(offset, count), cancellationToken: cancellationToken);
        }
    }

    /// <summary>Reads every column into arrays (the direct counterpart of reading into a DataFrame); returns the row count.</summary>
    public static async Task<long> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var reader = await ParquetReader.CreateAsync(path, cancellationToken: cancellationToken);
        var rows = (int)reader.RowGroups.Sum(g => g.RowCount);
        var fields = reader.Schema.DataFields;
        var ids = new long[rows];
        var values = new double[rows];
        var names = new string?[rows];
        var times = new DateTime[rows];
        var flags = new bool[rows];
        var offset = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var rowGroup = reader.OpenRowGroupReader(g);
            var count = (int)rowGroup.RowCount;
            await rowGroup.ReadAsync<long>(fields[0], ids.AsMemory(offset, count), cancellationToken: cancellationToken);
            await rowGroup.ReadAsync<double>(fields[1], values.AsMemory(offset, count), cancellationToken: cancellationToken);
            await rowGroup.ReadAsync(fields[2], names.AsMemory(offset, count), cancellationToken: cancellationToken);
            await rowGroup.ReadAsync<DateTime>(fields[3], times.AsMemory(offset, count), cancellationToken: cancellationToken);
            await rowGroup.ReadAsync<bool>(fields[4], flags.AsMemory(offset, count), cancellationToken: cancellationToken);
            offset += count;
        }

        GC.KeepAlive((ids, values, names, times, flags));
        return offset;
    }
}
