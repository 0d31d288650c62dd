using Microsoft.Data.Analysis;
using ParquetSharp;

namespace Baton.DataFrames.Tests;

/// <summary>Baton's stored Parquet objects read by ParquetSharp (Apache Arrow's C++ Parquet library), not by the library that wrote them.</summary>
public sealed class IndependentReaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StoredParquetObject_ReadByParquetSharp_HasTheSameSchemaAndValues()
    {
        await using var host = await DataFrameHost.ObjectStorageAsync(extra: new() { ["BATON__DATAFRAMES__ROW_GROUP_SIZE"] = "300" });
        var frame = Frames.AllTypes(1000, nulls: true);
        await host.XComs.PushAsync(DataFrameHost.Key(), frame, typeof(DataFrame), Ct);
        var path = await DataFrameHost.ObjectFileAsync(host, DataFrameHost.Key());
        Assert.EndsWith(".parquet", path);

        using var file = new ParquetFileReader(path);
        var schema = file.FileMetaData.Schema;
        Assert.Equal(1000, file.FileMetaData.NumRows);
        Assert.Equal(frame.Columns.Select(c => c.Name), Enumerable.Range(0, schema.NumColumns).Select(i => schema.Column(i).Name));
        Assert.Equal("Timestamp(isAdjustedToUTC=true, timeUnit=microseconds, is_from_converted_type=false, force_set_converted_type=false)", schema.Column(13).LogicalType.ToString());
        Assert.Equal("Decimal(precision=13, scale=4)", schema.Column(11).LogicalType.ToString());

        Compare<bool>(file, 0, frame);
        Compare<sbyte>(file, 1, frame);
        Compare<byte>(file, 2, frame);
        Compare<short>(file, 3, frame);
        Compare<ushort>(file, 4, frame);
        Compare<int>(file, 5, frame);
        Compare<uint>(file, 6, frame);
        Compare<long>(file, 7, frame);
        Compare<ulong>(file, 8, frame);
        Compare<float>(file, 9, frame);
        Compare<double>(file, 10, frame);
        Compare<decimal>(file, 11, frame);
        Assert.Equal(frame["string"].Cast<string?>(), ReadAll<string?>(file, 12));
        var times = ReadAll<DateTime?>(file, 13);
        Assert.Equal(frame["datetime"].Cast<DateTime?>(), times);
    }

    private static void Compare<T>(ParquetFileReader file, int column, DataFrame frame)
        where T : struct =>
        Assert.Equal(frame.Columns[column].Cast<T?>(), ReadAll<T?>(file, column));

    private static List<T> ReadAll<T>(ParquetFileReader file, int column)
    {
        var values = new List<T>();
        for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
        {
            using var rowGroup = file.RowGroup(g);
            using var reader = rowGroup.Column(column).LogicalReader<T>();
            values.AddRange(reader.ReadAll(checked((int)rowGroup.MetaData.NumRows)));
        }

        return values;
    }
}
