using Baton.Serialization;
using Microsoft.Data.Analysis;

namespace Baton.DataFrames.Tests;

public sealed class PreviewTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("parquet")]
    [InlineData("arrow")]
    public async Task Preview_ShowsSchemaRowCountAndFirstRows(string format)
    {
        await using var host = await DataFrameHost.ObjectStorageAsync(format, extra: new() { ["BATON__DATAFRAMES__ROW_GROUP_SIZE"] = "1000" });
        await host.XComs.PushAsync(DataFrameHost.Key(), Frames.Mixed(2500), typeof(DataFrame), Ct);
        var record = (await host.XComs.GetAsync(DataFrameHost.Key(), Ct))!;
        var previewer = Assert.IsAssignableFrom<IXComValuePreviewer>(
            host.Services.GetService(typeof(XComSerializerRegistry)) is XComSerializerRegistry registry ? registry.ForFormat(record.Payload.Format) : null);

        await using var serialized = await host.XComs.Backend.OpenSerializedAsync(record, Ct);
        var preview = await previewer.PreviewAsync(serialized, 3, Ct);

        var lines = preview.Split('\n');
        Assert.Equal($"{format}: 2,500 rows × 5 columns", lines[0]);
        Assert.Equal("  id     int64", lines[1]);
        Assert.Equal("  value  double, nullable", lines[2]);
        Assert.Equal("  name   string, nullable", lines[3]);
        Assert.Equal("  at     timestamp[us, UTC]", lines[4]);
        Assert.Equal("  flag   bool", lines[5]);
        Assert.Equal("first 3 rows:", lines[6]);
        Assert.Equal("id | value | name   | at                          | flag", lines[7]);
        Assert.Equal("0  | null  | null   | 2024-03-10 12:00:00.000000Z | True", lines[9]);
        Assert.Equal("1  | 0.25  | name-1 | 2024-03-10 12:00:01.000000Z | False", lines[10]);
        Assert.Equal("… 2,497 more rows", lines[12]);
    }

    [Fact]
    public async Task Preview_OfBytesThatAreNotParquet_FailsAsCorrupt()
    {
        var previewer = new ParquetXComSerializer();

        await Assert.ThrowsAsync<CorruptSerializedValueException>(() => previewer.PreviewAsync(new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), 5, Ct));
    }
}
