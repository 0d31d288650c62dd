using Microsoft.Data.Analysis;

namespace Baton.Benchmarks.DataFrames;

/// <summary>
/// The benchmark's data, once as plain arrays (what the direct Parquet.Net path writes) and once as a DataFrame (what a
/// task returns): int64, double, string (5,000 distinct values), DateTime (UTC, whole microseconds), bool; no nulls.
/// </summary>
internal sealed class BenchmarkTable
{
    public static readonly DateTime Epoch = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private BenchmarkTable(int rows)
    {
        Rows = rows;
        Ids = new long[rows];
        Values = new double[rows];
        Names = new string[rows];
        Times = new DateTime[rows];
        Flags = new bool[rows];
        var names = Enumerable.Range(0, 5000).Select(i => $"customer-{i:D5}").ToArray();
        var random = new Random(42);
        for (var i = 0; i < rows; i++)
        {
            Ids[i] = i;
            Values[i] = random.NextDouble() * 1000;
            Names[i] = names[random.Next(names.Length)];
            Times[i] = Epoch.AddTicks(i * 10_000L + random.Next(1000) * 10L);
            Flags[i] = random.Next(2) == 0;
        }

        Frame = new DataFrame(
            new Int64DataFrameColumn("id", Ids),
            new DoubleDataFrameColumn("value", Values),
            new StringDataFrameColumn("name", Names),
            new DateTimeDataFrameColumn("at", Times),
            new BooleanDataFrameColumn("flag", Flags));
    }

    public int Rows { get; }

    public long[] Ids { get; }

    public double[] Values { get; }

    public string[] Names { get; }

    public DateTime[] Times { get; }

    public bool[] Flags { get; }

    public DataFrame Frame { get; }

    public static BenchmarkTable Create(int rows) => new(rows);
}
