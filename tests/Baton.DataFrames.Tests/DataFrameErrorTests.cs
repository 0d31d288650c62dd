using System.IO.Hashing;
using Baton.XComs;
using Microsoft.Data.Analysis;

namespace Baton.DataFrames.Tests;

public sealed class DataFrameErrorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static XComKey Key() => DataFrameHost.Key();

    [Theory]
    [InlineData("parquet", typeof(int), "Int32")]
    [InlineData("parquet", typeof(List<string>), "List<String>")]
    [InlineData("arrow", typeof(string), "String")]
    [InlineData("arrow", typeof(Dictionary<string, double[]>), "Dictionary<String, Double[]>")]
    public async Task DataFrame_PulledAsAnotherType_FailsWithTypeMismatchSayingWhatIsStored(string format, Type wanted, string wantedName)
    {
        await using var host = await DataFrameHost.ObjectStorageAsync(format);
        await host.XComs.PushAsync(Key(), Frames.Mixed(100), typeof(DataFrame), Ct);
        var location = (await host.XComs.GetAsync(Key(), Ct))!.Payload.Location!;

        var error = await Assert.ThrowsAsync<XComTypeMismatchException>(() => host.XComs.PullAsync(Key(), wanted, Ct));

        Assert.Contains($"task 'task', key 'return_value' at '{location}' cannot be read as {wantedName}", error.Message);
        Assert.Contains("the stored value is a table (", error.Message);
        Assert.Contains("which can be read as a DataFrame or a RecordBatch", error.Message);
    }

    [Theory]
    [InlineData("parquet")]
    [InlineData("arrow")]
    public async Task NullDataFrame_IsStoredAsJsonNullAndReadsBackAsNull(string format)
    {
        await using var host = await DataFrameHost.ObjectStorageAsync(format);
        await host.XComs.PushAsync(Key(), null, typeof(DataFrame), Ct);

        Assert.Equal("json", (await host.XComs.GetAsync(Key(), Ct))!.Payload.Format);
        Assert.Null(await host.XComs.PullAsync<DataFrame?>(Key(), Ct));
        Assert.Null(await host.XComs.PullAsync<Apache.Arrow.RecordBatch?>(Key(), Ct));
    }

    [Theory]
    [InlineData("parquet", "not a valid Parquet file")]
    [InlineData("arrow", "not a valid Arrow IPC stream")]
    public async Task StoredBytesThatAreNotTheFormat_WithAValidChecksum_FailWithCorrupted(string format, string detail)
    {
        await using var host = await DataFrameHost.ObjectStorageAsync(format);
        await host.XComs.PushAsync(Key(), Frames.Mixed(1000), typeof(DataFrame), Ct);
        var row = (await host.XComs.GetAsync(Key(), Ct))!;
        var path = await DataFrameHost.ObjectFileAsync(host, Key());
        var bytes = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("these bytes are not a table at all; ", 200)));
        await File.WriteAllBytesAsync(path, bytes, Ct);
        await host.Store.SetXComAsync(row with { Payload = row.Payload with { Size = bytes.Length, Checksum = "xxh3:" + Convert.ToHexStringLower(XxHash3.Hash(bytes)) } }, Ct);

        var error = await Assert.ThrowsAsync<XComCorruptedException>(() => host.XComs.PullAsync<DataFrame>(Key(), Ct));

        Assert.IsNotType<XComChecksumMismatchException>(error);
        Assert.Contains($"task 'task', key 'return_value' at '{row.Payload.Location}' is corrupted: its bytes are not valid {format}", error.Message);
        Assert.Contains(detail, error.Message);
    }

    [Theory]
    [InlineData("parquet", 0.5)]
    [InlineData("parquet", 0.999)]
    [InlineData("arrow", 0.01)]
    [InlineData("arrow", 0.5)]
    public async Task FlippedByte_FailsWithChecksumMismatch(string format, double where)
    {
        await using var host = await DataFrameHost.ObjectStorageAsync(format);
        await host.XComs.PushAsync(Key(), Frames.Mixed(5000), typeof(DataFrame), Ct);
        var path = await DataFrameHost.ObjectFileAsync(host, Key());
        var bytes = await File.ReadAllBytesAsync(path, Ct);
        bytes[(int)(bytes.Length * where)] ^= 0x10;
        await File.WriteAllBytesAsync(path, bytes, Ct);

        var error = await Assert.ThrowsAsync<XComChecksumMismatchException>(() => host.XComs.PullAsync<DataFrame>(Key(), Ct));

        Assert.Contains("is corrupted: checksum xxh3:", error.Message);
    }

    [Fact]
    public async Task InvalidSettings_AreReportedTogether()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () =>
        {
            await using var host = await DataFrameHost.DatabaseAsync(extra: new()
            {
                ["BATON__DATAFRAMES__FORMAT"] = "csv", ["BATON__DATAFRAMES__ROW_GROUP_SIZE"] = "0", ["BATON__DATAFRAMES__PARQUET_COMPRESSION"] = "lzma",
            });
            await host.XComs.PushAsync(Key(), Frames.Mixed(1), typeof(DataFrame), Ct);
        });

        Assert.Contains("BATON__DATAFRAMES__FORMAT must be 'parquet' or 'arrow', not 'csv'", error.Message);
        Assert.Contains("BATON__DATAFRAMES__ROW_GROUP_SIZE", error.Message);
        Assert.Contains("BATON__DATAFRAMES__PARQUET_COMPRESSION", error.Message);
    }
}
