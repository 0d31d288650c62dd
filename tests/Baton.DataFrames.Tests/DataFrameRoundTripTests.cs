using Apache.Arrow;
using Baton.Runs;
using Baton.Testing;
using Baton.XComs;
using Microsoft.Data.Analysis;

namespace Baton.DataFrames.Tests;

public sealed class DataFrameRoundTripTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static XComKey Key(string key = "return_value") => DataFrameHost.Key(key);

    [Theory]
    [InlineData("parquet", false)]
    [InlineData("parquet", true)]
    [InlineData("arrow", false)]
    [InlineData("arrow", true)]
    public async Task EveryColumnType_RoundTripsExactly_WithAndWithoutNulls(string format, bool nulls)
    {
        await using var host = await DataFrameHost.ObjectStorageAsync(format);
        var frame = Frames.AllTypes(1000, nulls);

        await host.XComs.PushAsync(Key(), frame, typeof(DataFrame), Ct);

        var row = (await host.XComs.GetAsync(Key(), Ct))!;
        Assert.Equal(format, row.Payload.Format);
        Assert.EndsWith("." + format, row.Payload.Location);
        Frames.AssertEqual(frame, await host.XComs.PullAsync<DataFrame>(Key(), Ct));
    }

    [Theory]
    [InlineData("parquet")]
    [InlineData("arrow")]
    public async Task EachColumnType_AllNullsAndSingleNull_RoundTrip(string format)
    {
        await using var host = await DataFrameHost.DatabaseAsync(format);
        var template = Frames.AllTypes(3, nulls: false);
        foreach (var column in template.Columns)
        {
            var allNull = column.Clone();
            var oneNull = column.Clone();
            for (long r = 0; r < column.Length; r++)
            {
                allNull[r] = null;
            }

            oneNull[1] = null;
            var frame = new DataFrame(allNull, RenamedClone(oneNull, column.Name + "_one"));

            await host.XComs.PushAsync(Key(column.Name), frame, typeof(DataFrame), Ct);

            var back = await host.XComs.PullAsync<DataFrame>(Key(column.Name), Ct);
            Frames.AssertEqual(frame, back);
            Assert.Equal((3L, 1L), (back.Columns[0].NullCount, back.Columns[1].NullCount));
        }
    }

    private static DataFrameColumn RenamedClone(DataFrameColumn column, string name)
    {
        var clone = column.Clone();
        clone.SetName(name);
        return clone;
    }

    [Theory]
    [InlineData("parquet")]
    [InlineData("arrow")]
    public async Task EmptyFrames_RoundTrip_WithNoRowsAndWithNoColumns(string format)
    {
        await using var host = await DataFrameHost.ObjectStorageAsync(format);
        var noRows = Frames.AllTypes(0, nulls: false);
        var noColumns = new DataFrame();

        await host.XComs.PushAsync(Key("no_rows"), noRows, typeof(DataFrame), Ct);
        await host.XComs.PushAsync(Key("no_columns"), noColumns, typeof(DataFrame), Ct);

        Frames.AssertEqual(noRows, await host.XComs.PullAsync<DataFrame>(Key("no_rows"), Ct));
        var back = await host.XComs.PullAsync<DataFrame>(Key("no_columns"), Ct);
        Assert.Equal((0, 0L), (back.Columns.Count, back.Rows.Count));
    }

    [Theory]
    [InlineData("parquet")]
    [InlineData("arrow")]
    public async Task WideFrame_With500Columns_RoundTrips(string format)
    {
        await using var host = await DataFrameHost.ObjectStorageAsync(format);
        var frame = new DataFrame(Enumerable.Range(0, 500).Select(c => (c % 3) switch
        {
            0 => (DataFrameColumn)new DoubleDataFrameColumn($"d{c}", Enumerable.Range(0, 200).Select(r => r == c % 200 ? null : (double?)(r * c))),
            1 => new Int32DataFrameColumn($"i{c}", Enumerable.Range(0, 200).Select(r => (int?)(r - c))),
            _ => new StringDataFrameColumn($"s{c}", Enumerable.Range(0, 200).Select(r => $"{c}:{r}")),
        }));

        await host.XComs.PushAsync(Key(), frame, typeof(DataFrame), Ct);

        Frames.AssertEqual(frame, await host.XComs.PullAsync<DataFrame>(Key(), Ct));
    }

    [Fact]
    public async Task MillionRows_RoundTripThroughTheObjectStore_InSeveralRowGroups()
    {
        await using var host = await DataFrameHost.ObjectStorageAsync();
        var frame = Frames.Mixed(1_000_000);

        await host.XComs.PushAsync(Key(), frame, typeof(DataFrame), Ct);

        Frames.AssertEqual(frame, await host.XComs.PullAsync<DataFrame>(Key(), Ct));
        using var file = new ParquetSharp.ParquetFileReader(await DataFrameHost.ObjectFileAsync(host, Key()));
        Assert.Equal(1_000_000, file.FileMetaData.NumRows);
        Assert.Equal(4, file.FileMetaData.NumRowGroups);   // 262,144 rows per group by default
    }

    [Fact]
    public async Task MillionRows_RoundTripThroughTheDatabaseBackend()
    {
        await using var host = await DataFrameHost.DatabaseAsync();
        var frame = Frames.Mixed(1_000_000);

        await host.XComs.PushAsync(Key(), frame, typeof(DataFrame), Ct);

        Assert.Equal(XComStorage.Inline, (await host.XComs.GetAsync(Key(), Ct))!.Payload.Storage);
        Frames.AssertEqual(frame, await host.XComs.PullAsync<DataFrame>(Key(), Ct));
    }

    [Theory]
    [InlineData("parquet", 1000)]
    [InlineData("arrow", 1000)]
    [InlineData("parquet", 7)]
    public async Task RowGroupSize_SplitsTheTable_AndReadsBackWhole(string format, int rowGroupSize)
    {
        await using var host = await DataFrameHost.ObjectStorageAsync(format, extra: new() { ["BATON__DATAFRAMES__ROW_GROUP_SIZE"] = rowGroupSize.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var frame = Frames.AllTypes(2500, nulls: true);

        await host.XComs.PushAsync(Key(), frame, typeof(DataFrame), Ct);

        Frames.AssertEqual(frame, await host.XComs.PullAsync<DataFrame>(Key(), Ct));
        if (format == "parquet")
        {
            using var file = new ParquetSharp.ParquetFileReader(await DataFrameHost.ObjectFileAsync(host, Key()));
            Assert.Equal((2500 + rowGroupSize - 1) / rowGroupSize, file.FileMetaData.NumRowGroups);
        }
    }

    [Theory]
    [InlineData("parquet")]
    [InlineData("arrow")]
    public async Task RecordBatch_RoundTrips_AndReadsAsDataFrameAndBack(string format)
    {
        await using var host = await DataFrameHost.ObjectStorageAsync(format);
        var batch = new RecordBatch.Builder()
            .Append("id", false, col => col.Int64(a => a.AppendRange([1L, 2L, 3L])))
            .Append("score", true, col => col.Double(a => a.Append(1.5).AppendNull().Append(-0.25)))
            .Append("label", true, col => col.String(a => a.Append("a").AppendNull().Append("ü")))
            .Append("ok", true, col => col.Boolean(a => a.Append(true).Append(false).AppendNull()))
            .Build();

        await host.XComs.PushAsync(Key(), batch, typeof(RecordBatch), Ct);

        var back = await host.XComs.PullAsync<RecordBatch>(Key(), Ct);
        Assert.Equal(batch.Length, back.Length);
        Assert.Equal(batch.Schema.FieldsList.Select(f => (f.Name, f.DataType.TypeId, f.IsNullable)), back.Schema.FieldsList.Select(f => (f.Name, f.DataType.TypeId, f.IsNullable)));
        Assert.Equal([1L, 2L, 3L], ((Int64Array)back.Column("id")).Values.ToArray());
        Assert.Equal([1.5, null, -0.25], ((DoubleArray)back.Column("score")).ToList(includeNulls: true));
        Assert.Equal(["a", null, "ü"], Enumerable.Range(0, 3).Select(i => ((StringArray)back.Column("label")).GetString(i)));
        Assert.Equal([true, false, null], Enumerable.Range(0, 3).Select(i => ((BooleanArray)back.Column("ok")).GetValue(i)));

        var frame = await host.XComs.PullAsync<DataFrame>(Key(), Ct);
        Assert.Equal([1L, 2L, 3L], frame["id"].Cast<long?>().Select(v => v!.Value));
        Assert.Equal([true, false, null], frame["ok"].Cast<bool?>());

        await host.XComs.PushAsync(Key("frame"), Frames.AllTypes(50, nulls: true), typeof(DataFrame), Ct);
        var asBatch = await host.XComs.PullAsync<RecordBatch>(Key("frame"), Ct);
        await host.XComs.PushAsync(Key("batch_again"), asBatch, typeof(RecordBatch), Ct);
        Frames.AssertEqual(Frames.AllTypes(50, nulls: true), await host.XComs.PullAsync<DataFrame>(Key("batch_again"), Ct));
    }

    [Fact]
    public async Task FormatSetting_ChoosesTheWriter_AndBothFormatsStayReadable()
    {
        var root = Directory.CreateTempSubdirectory("baton-df-formats-").FullName;
        var home = Directory.CreateTempSubdirectory("baton-df-home-").FullName;
        Dictionary<string, string> Settings() => new()
        {
            ["BATON__XCOM__BACKEND"] = "objectstorage", ["BATON__XCOM__PATH"] = new Uri(root + "/").AbsoluteUri,
            ["BATON__DATABASE__CONNECTION_STRING"] = $"Data Source={home}/shared.db",
        };
        var frame = Frames.AllTypes(100, nulls: true);

        await using (var arrow = await EngineHost.StartAsync([DataFrameHost.Unused], Settings(), configure: s => s.AddBatonDataFrames(o => o.Format = "arrow")))
        {
            await arrow.XComs.PushAsync(Key("a"), frame, typeof(DataFrame), Ct);
            Assert.Equal("arrow", (await arrow.XComs.GetAsync(Key("a"), Ct))!.Payload.Format);
        }

        await using var parquet = await EngineHost.StartAsync([DataFrameHost.Unused], Settings(), configure: s => s.AddBatonDataFrames());
        await parquet.XComs.PushAsync(Key("p"), frame, typeof(DataFrame), Ct);

        Assert.Equal("parquet", (await parquet.XComs.GetAsync(Key("p"), Ct))!.Payload.Format);
        Frames.AssertEqual(frame, await parquet.XComs.PullAsync<DataFrame>(Key("a"), Ct));
        Frames.AssertEqual(frame, await parquet.XComs.PullAsync<DataFrame>(Key("p"), Ct));
        Directory.Delete(root, true);
        Directory.Delete(home, true);
    }

    [Fact]
    public async Task DateTimes_AreStoredAsUtcInstants_LocalConvertedUnspecifiedTakenAsUtc()
    {
        await using var host = await DataFrameHost.DatabaseAsync();
        var utc = new DateTime(2024, 6, 1, 8, 30, 0, DateTimeKind.Utc);
        var local = utc.ToLocalTime();
        var unspecified = DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);
        var subMicrosecond = utc.AddTicks(7);
        var frame = new DataFrame(new DateTimeDataFrameColumn("t", [utc, local, unspecified, subMicrosecond]));

        await host.XComs.PushAsync(Key(), frame, typeof(DataFrame), Ct);

        var back = (DateTimeDataFrameColumn)(await host.XComs.PullAsync<DataFrame>(Key(), Ct))["t"];
        Assert.All(back, t => Assert.Equal((utc, DateTimeKind.Utc), (t!.Value, t.Value.Kind)));
    }

    [Fact]
    public async Task DataFrames_FlowBetweenTasks_AsReturnValueAndParameter()
    {
        long? seen = null;
        await using var host = await DataFrameHost.ObjectStorageAsync(dags: [new InlineDag("frames_dag", dag =>
        {
            var made = dag.Task("make", () => Frames.Mixed(10_000));
            var doubled = dag.Task("filter", (DataFrame frame) => frame.Filter(((BooleanDataFrameColumn)frame["flag"]).ElementwiseEquals(true)), made);
            dag.Task("count", (DataFrame frame) => seen = frame.Rows.Count, doubled);
        })]);

        var result = await host.TestAsync("frames_dag");

        Assert.Equal(DagRunState.Success, result.Run.State);
        Assert.Equal(5000, seen);
        Assert.Equal("parquet", (await host.XComs.GetAsync(new XComKey("frames_dag", result.Run.RunId, "make"), Ct))!.Payload.Format);
    }

    [Fact]
    public async Task Table_PulledAsObject_IsADataFrame()
    {
        await using var host = await DataFrameHost.DatabaseAsync("arrow");
        await host.XComs.PushAsync(Key(), Frames.Mixed(10), typeof(DataFrame), Ct);

        var value = await host.XComs.PullAsync<object>(Key(), Ct);

        Frames.AssertEqual(Frames.Mixed(10), Assert.IsType<DataFrame>(value));
    }

    [Fact]
    public async Task UnsupportedColumnType_FailsThePushWithSerializationError()
    {
        await using var host = await DataFrameHost.DatabaseAsync();
        var frame = new DataFrame(new CharDataFrameColumn("c", [(char?)'x']));

        var error = await Assert.ThrowsAsync<XComSerializationException>(() => host.XComs.PushAsync(Key(), frame, typeof(DataFrame), Ct));

        Assert.Contains("column 'c' holds Char", error.Message);
    }
}
