using Apache.Arrow;
using Apache.Arrow.Types;
using Baton.DataFrames.Tables;

namespace Baton.DataFrames.Arrow;

/// <summary>Reads rows of an Arrow array into a chunk (copying them into rented buffers).</summary>
internal static class ArrowChunkReader
{
    public static ColumnChunk Read(IArrowArray array, TableColumn column, int offset, int count) => column.Kind switch
    {
        ColumnKind.Boolean => Read(array, column, offset, count, (BooleanArray a, int i) => a.GetValue(i)!.Value),
        ColumnKind.SByte => Primitive<sbyte>(array, column, offset, count),
        ColumnKind.Byte => Primitive<byte>(array, column, offset, count),
        ColumnKind.Int16 => Primitive<short>(array, column, offset, count),
        ColumnKind.UInt16 => Primitive<ushort>(array, column, offset, count),
        ColumnKind.Int32 => Primitive<int>(array, column, offset, count),
        ColumnKind.UInt32 => Primitive<uint>(array, column, offset, count),
        ColumnKind.Int64 => Primitive<long>(array, column, offset, count),
        ColumnKind.UInt64 => Primitive<ulong>(array, column, offset, count),
        ColumnKind.Single => Primitive<float>(array, column, offset, count),
        ColumnKind.Double => Primitive<double>(array, column, offset, count),
        ColumnKind.Decimal => Read(array, column, offset, count, (Decimal128Array a, int i) => a.GetValue(i)!.Value),
        ColumnKind.DateTime => Read(array, column, offset, count, (TimestampArray a, int i) =>
            ArrowSchemas.FromTimestamp(a.Values[i], ((TimestampType)a.Data.DataType).Unit)),
        _ => Strings(array, column, offset, count),
    };

    private static ValueChunk<T> Primitive<T>(IArrowArray array, TableColumn column, int offset, int count)
        where T : struct, IEquatable<T> =>
        Read(array, column, offset, count, (PrimitiveArray<T> a, int i) => a.Values[i]);

    private static ValueChunk<T> Read<TArray, T>(IArrowArray array, TableColumn column, int offset, int count, Func<TArray, int, T> get)
        where TArray : IArrowArray
        where T : struct
    {
        var typed = array is TArray a ? a : throw new TableTypeException($"column '{column.Name}' is a {array.GetType().Name}, not the {typeof(TArray).Name} its schema says");
        var values = ColumnChunk.Rent<T>(count);
        var levels = column.Nullable ? ColumnChunk.Rent<int>(count) : null;
        var dense = 0;
        for (var i = 0; i < count; i++)
        {
            var valid = array.NullCount == 0 || array.IsValid(offset + i);
            if (levels is not null)
            {
                levels[i] = valid ? 1 : 0;
            }

            if (valid)
            {
                values[dense++] = get(typed, offset + i);
            }
        }

        return new ValueChunk<T>(count, values.AsMemory(0, dense), dense == count ? (ReadOnlyMemory<int>?)null : levels!.AsMemory(0, count), values, levels);
    }

    private static StringChunk Strings(IArrowArray array, TableColumn column, int offset, int count)
    {
        var strings = array as StringArray ?? throw new TableTypeException($"column '{column.Name}' is a {array.GetType().Name}, not the StringArray its schema says");
        var values = ColumnChunk.Rent<string?>(count);
        for (var i = 0; i < count; i++)
        {
            values[i] = strings.IsNull(offset + i) ? null : strings.GetString(offset + i);
        }

        return new StringChunk(count, values);
    }
}
