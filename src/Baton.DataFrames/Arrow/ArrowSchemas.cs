using Apache.Arrow;
using Apache.Arrow.Types;
using Baton.DataFrames.Tables;

namespace Baton.DataFrames.Arrow;

/// <summary>Baton's table schema to Arrow's and back.</summary>
internal static class ArrowSchemas
{
    /// <summary>Date-times are stored as microseconds since the Unix epoch, UTC (Arrow's and Parquet's common timestamp).</summary>
    public static readonly TimestampType Timestamp = new(TimeUnit.Microsecond, "UTC");

    public static Schema ToArrow(TableSchema schema) =>
        new(schema.Columns.Select(c => new Field(c.Name, ToArrow(c), c.Nullable)), metadata: null);

    public static IArrowType ToArrow(TableColumn column) => column.Kind switch
    {
        ColumnKind.Boolean => BooleanType.Default,
        ColumnKind.SByte => Int8Type.Default,
        ColumnKind.Byte => UInt8Type.Default,
        ColumnKind.Int16 => Int16Type.Default,
        ColumnKind.UInt16 => UInt16Type.Default,
        ColumnKind.Int32 => Int32Type.Default,
        ColumnKind.UInt32 => UInt32Type.Default,
        ColumnKind.Int64 => Int64Type.Default,
        ColumnKind.UInt64 => UInt64Type.Default,
        ColumnKind.Single => FloatType.Default,
        ColumnKind.Double => DoubleType.Default,
        ColumnKind.Decimal => new Decimal128Type(column.Precision, column.Scale),
        ColumnKind.String => StringType.Default,
        ColumnKind.DateTime => Timestamp,
        _ => throw new NotSupportedException($"column '{column.Name}' has no Arrow type"),
    };

    /// <summary>The column an Arrow field is read into, or null when Baton does not read its type.</summary>
    public static TableColumn? FromArrow(Field field, bool hasNulls = false)
    {
        ArgumentNullException.ThrowIfNull(field);
        var nullable = field.IsNullable || hasNulls;
        var kind = field.DataType.TypeId switch
        {
            ArrowTypeId.Boolean => ColumnKind.Boolean,
            ArrowTypeId.Int8 => ColumnKind.SByte,
            ArrowTypeId.UInt8 => ColumnKind.Byte,
            ArrowTypeId.Int16 => ColumnKind.Int16,
            ArrowTypeId.UInt16 => ColumnKind.UInt16,
            ArrowTypeId.Int32 => ColumnKind.Int32,
            ArrowTypeId.UInt32 => ColumnKind.UInt32,
            ArrowTypeId.Int64 => ColumnKind.Int64,
            ArrowTypeId.UInt64 => ColumnKind.UInt64,
            ArrowTypeId.Float => ColumnKind.Single,
            ArrowTypeId.Double => ColumnKind.Double,
            ArrowTypeId.Decimal128 => ColumnKind.Decimal,
            ArrowTypeId.String => ColumnKind.String,
            ArrowTypeId.Timestamp => ColumnKind.DateTime,
            _ => (ColumnKind?)null,
        };
        return kind switch
        {
            null => null,
            ColumnKind.Decimal when field.DataType is Decimal128Type dec => new TableColumn(field.Name, ColumnKind.Decimal, nullable, dec.Precision, dec.Scale),
            _ => new TableColumn(field.Name, kind.Value, nullable),
        };
    }

    /// <summary>The table schema of a stored Arrow stream.</summary>
    /// <exception cref="TableTypeException">A column has a type Baton does not read.</exception>
    public static TableSchema FromArrow(Schema schema) =>
        new(schema.FieldsList.Select(f => FromArrow(f)
            ?? throw new TableTypeException($"column '{f.Name}' has the Arrow type {f.DataType.Name}, which Baton does not read (supported: {ColumnKinds.Supported})")).ToList());

    /// <summary>Ticks of a UTC date-time to microseconds since the epoch, rounding down as Parquet writers do.</summary>
    public static long ToMicroseconds(DateTime utc) => Math.DivRem(utc.Ticks - DateTime.UnixEpoch.Ticks, 10, out var rest) - (rest < 0 ? 1 : 0);

    /// <summary>A timestamp in <paramref name="unit"/> since the epoch to a UTC date-time.</summary>
    public static DateTime FromTimestamp(long value, TimeUnit unit) => new(DateTime.UnixEpoch.Ticks + unit switch
    {
        TimeUnit.Second => value * TimeSpan.TicksPerSecond,
        TimeUnit.Millisecond => value * TimeSpan.TicksPerMillisecond,
        TimeUnit.Microsecond => value * 10,
        _ => value / 100,
    }, DateTimeKind.Utc);
}
