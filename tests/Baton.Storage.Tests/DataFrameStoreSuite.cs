using System.Globalization;
using Baton.DataFrames;
using Baton.Testing;
using Baton.XComs;
using Microsoft.Data.Analysis;

namespace Baton.Storage.Tests;

/// <summary>A DataFrame through every store: Parquet written in row groups straight into the upload, read back whole.</summary>
public sealed class DataFrameStoreSuite
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Stores => StoreTargets.Names;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task DataFrame_1MMixedRows_RoundTripsAsParquetObject(string store)
    {
        var target = StoreTargets.Get(store);
        var settings = await target.PrepareAsync($"suite-df-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}", Ct);
        settings["BATON__XCOM__BACKEND"] = "objectstorage";
        settings["BATON__XCOM__THRESHOLD"] = "0";
        settings["BATON__DATAFRAMES__ROW_GROUP_SIZE"] = "65536";
        await using var host = await EngineHost.StartAsync([new InlineDag("unused", dag => dag.Task("t", () => 1))], settings, configure: services =>
        {
            target.ConfigureServices(services);
            services.AddBatonDataFrames();
        });
        var key = new XComKey("suite", "run", "frames");
        const int Rows = 1_000_000;
        var epoch = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var frame = new DataFrame(
            new Int64DataFrameColumn("id", Enumerable.Range(0, Rows).Select(i => (long?)i)),
            new DoubleDataFrameColumn("value", Enumerable.Range(0, Rows).Select(i => i % 100 == 0 ? null : (double?)(i / 7.0))),
            new StringDataFrameColumn("name", Enumerable.Range(0, Rows).Select(i => i % 101 == 0 ? null : "n" + i.ToString(CultureInfo.InvariantCulture))),
            new DateTimeDataFrameColumn("at", Enumerable.Range(0, Rows).Select(i => (DateTime?)epoch.AddMilliseconds(i * 1.5))),
            new BooleanDataFrameColumn("flag", Enumerable.Range(0, Rows).Select(i => i % 3 == 0 ? null : (bool?)(i % 2 == 0))),
            new DecimalDataFrameColumn("price", Enumerable.Range(0, Rows).Select(i => (decimal?)(i * 0.01m))));

        await host.XComs.PushAsync(key, frame, typeof(DataFrame), Ct);

        var row = (await host.XComs.GetAsync(key, Ct))!;
        Assert.Equal(("parquet", XComStorage.ObjectStore), (row.Payload.Format, row.Payload.Storage));
        Assert.EndsWith(".parquet", row.Payload.Location);
        var back = await host.XComs.PullAsync<DataFrame>(key, Ct);
        Assert.Equal(frame.Columns.Select(c => (c.Name, c.GetType(), c.NullCount)), back.Columns.Select(c => (c.Name, c.GetType(), c.NullCount)));
        for (var c = 0; c < frame.Columns.Count; c++)
        {
            Assert.Equal(frame.Columns[c].Cast<object?>(), back.Columns[c].Cast<object?>());
        }
    }
}
