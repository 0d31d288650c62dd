namespace Baton.DataFrames.Tables;

/// <summary>Maps CLR element types to <see cref="ColumnKind"/> and back.</summary>
internal static class ColumnKinds
{
    public const string Supported = "bool, sbyte, byte, short, ushort, int, uint, long, ulong, float, double, decimal, string, DateTime";

    public static ColumnKind? Of(Type type) => type switch
    {
        _ when type == typeof(bool) => ColumnKind.Boolean,
        _ when type == typeof(sbyte) => ColumnKind.SByte,
        _ when type == typeof(byte) => ColumnKind.Byte,
        _ when type == typeof(short) => ColumnKind.Int16,
        _ when type == typeof(ushort) => ColumnKind.UInt16,
        _ when type == typeof(int) => ColumnKind.Int32,
        _ when type == typeof(uint) => ColumnKind.UInt32,
        _ when type == typeof(long) => ColumnKind.Int64,
        _ when type == typeof(ulong) => ColumnKind.UInt64,
        _ when type == typeof(float) => ColumnKind.Single,
        _ when type == typeof(double) => ColumnKind.Double,
        _ when type == typeof(decimal) => ColumnKind.Decimal,
        _ when type == typeof(string) || type == typeof(ReadOnlyMemory<char>) => ColumnKind.String,
        _ when type == typeof(DateTime) => ColumnKind.DateTime,
        _ => null,
    };

    /// <summary>A value as stored: local times are converted to UTC, unspecified ones are taken as UTC.</summary>
    public static DateTime ToStoredUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    /// <summary>The precision and scale that hold every value exactly (DECIMAL(38, 18) when there is none).</summary>
    /// <exception cref="NotSupportedException">The values need more than 38 digits.</exception>
    public static (int Precision, int Scale) DecimalPrecision(string column, IEnumerable<decimal> values)
    {
        var any = false;
        var scale = 0;
        var integerDigits = 0;
        foreach (var value in values)
        {
            any = true;
            scale = Math.Max(scale, value.Scale);
            var integer = decimal.Truncate(Math.Abs(value));
            var digits = 0;
            while (integer >= 1m)
            {
                integer = decimal.Truncate(integer / 10m);
                digits++;
            }

            integerDigits = Math.Max(integerDigits, digits);
        }

        if (!any)
        {
            return (TableColumn.DefaultPrecision, TableColumn.DefaultScale);
        }

        var precision = Math.Max(integerDigits + scale, 1);
        if (precision > 38)
        {
            throw new NotSupportedException(
                $"decimal column '{column}' needs {integerDigits} integer and {scale} fractional digits, more than the 38 a Parquet or Arrow decimal holds; round the values");
        }

        return (precision, scale);
    }
}
