using Microsoft.Data.Analysis;

namespace Baton.DataFrames.Tests;

/// <summary>Test tables: one column of every supported type, with or without nulls, and a comparison that checks types and values exactly.</summary>
public static class Frames
{
    public static readonly DateTime Epoch = new(2024, 3, 10, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>A frame with one column of each supported type; with <paramref name="nulls"/>, every column has nulls (every 7th row, offset per column).</summary>
    public static DataFrame AllTypes(int rows, bool nulls)
    {
        bool Null(int row, int column) => nulls && (row + column) % 7 == 3;
        T? V<T>(int row, int column, Func<int, T> value) where T : struct => Null(row, column) ? null : value(row);
        return new DataFrame(
            new BooleanDataFrameColumn("bool", Enumerable.Range(0, rows).Select(i => V(i, 0, r => r % 3 == 0))),
            new SByteDataFrameColumn("sbyte", Enumerable.Range(0, rows).Select(i => V(i, 1, r => (sbyte)(r % 256 - 128)))),
            new ByteDataFrameColumn("byte", Enumerable.Range(0, rows).Select(i => V(i, 2, r => (byte)(r % 256)))),
            new Int16DataFrameColumn("short", Enumerable.Range(0, rows).Select(i => V(i, 3, r => r % 2 == 0 ? short.MinValue : (short)(r * 7)))),
            new UInt16DataFrameColumn("ushort", Enumerable.Range(0, rows).Select(i => V(i, 4, r => r % 2 == 0 ? ushort.MaxValue : (ushort)r))),
            new Int32DataFrameColumn("int", Enumerable.Range(0, rows).Select(i => V(i, 5, r => r % 5 == 0 ? int.MinValue : r * 31))),
            new UInt32DataFrameColumn("uint", Enumerable.Range(0, rows).Select(i => V(i, 6, r => r % 5 == 0 ? uint.MaxValue : (uint)r))),
            new Int64DataFrameColumn("long", Enumerable.Range(0, rows).Select(i => V(i, 7, r => r % 5 == 0 ? long.MaxValue : -(long)r * 1_000_000_007))),
            new UInt64DataFrameColumn("ulong", Enumerable.Range(0, rows).Select(i => V(i, 8, r => r % 5 == 0 ? ulong.MaxValue : (ulong)r * 3))),
            new SingleDataFrameColumn("float", Enumerable.Range(0, rows).Select(i => V(i, 9, r => r % 11 == 0 ? float.NaN : r / 3f))),
            new DoubleDataFrameColumn("double", Enumerable.Range(0, rows).Select(i => V(i, 10, r => r % 13 == 0 ? double.NegativeInfinity : Math.PI * r))),
            new DecimalDataFrameColumn("decimal", Enumerable.Range(0, rows).Select(i => V(i, 11, r => r % 4 == 0 ? -123456789.0123m : r * 0.01m))),
            new StringDataFrameColumn("string", Enumerable.Range(0, rows).Select(i => Null(i, 12) ? null : i % 9 == 0 ? "" : $"row {i} ✓ ünïcødé")),
            new DateTimeDataFrameColumn("datetime", Enumerable.Range(0, rows).Select(i => V(i, 13, r => r == 1 ? DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc) : Epoch.AddTicks(r * 12_345_670L)))));
    }

    /// <summary>The five benchmark-like columns (int64, double, string, DateTime, bool).</summary>
    public static DataFrame Mixed(int rows) => new(
        new Int64DataFrameColumn("id", Enumerable.Range(0, rows).Select(i => (long?)i)),
        new DoubleDataFrameColumn("value", Enumerable.Range(0, rows).Select(i => i % 1000 == 0 ? null : (double?)(i * 0.25))),
        new StringDataFrameColumn("name", Enumerable.Range(0, rows).Select(i => i % 997 == 0 ? null : $"name-{i % 5000}")),
        new DateTimeDataFrameColumn("at", Enumerable.Range(0, rows).Select(i => (DateTime?)Epoch.AddSeconds(i))),
        new BooleanDataFrameColumn("flag", Enumerable.Range(0, rows).Select(i => (bool?)(i % 2 == 0))));

    /// <summary>Asserts the same column names, column classes, lengths, null positions and values; date-times must come back as UTC.</summary>
    public static void AssertEqual(DataFrame expected, DataFrame actual)
    {
        Assert.Equal(expected.Columns.Select(c => c.Name), actual.Columns.Select(c => c.Name));
        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        for (var c = 0; c < expected.Columns.Count; c++)
        {
            var e = expected.Columns[c];
            var a = actual.Columns[c];
            Assert.Equal(e.GetType(), a.GetType());
            Assert.Equal(e.Length, a.Length);
            Assert.Equal(e.NullCount, a.NullCount);
            for (long r = 0; r < e.Length; r++)
            {
                var (ev, av) = (e[r], a[r]);
                if (!Equals(ev, av))
                {
                    Assert.Fail($"column '{e.Name}' row {r}: expected {ev ?? "null"}, got {av ?? "null"}");
                }

                if (av is DateTime time)
                {
                    Assert.Equal(DateTimeKind.Utc, time.Kind);
                }
            }
        }
    }
}
