using System.Buffers;

namespace Baton.DataFrames.Tables;

/// <summary>
/// Rows of a column of values (numbers, booleans, decimals, UTC date-times) as Parquet lays them out: the non-null values
/// only, in row order, and when the chunk has nulls one definition level per row (1 = a value, 0 = null).
/// </summary>
internal sealed class ValueChunk<T> : ColumnChunk
    where T : struct
{
    private T[]? _rentedValues;
    private int[]? _rentedLevels;

    public ValueChunk(int length, ReadOnlyMemory<T> values, ReadOnlyMemory<int>? levels, T[]? rentedValues = null, int[]? rentedLevels = null)
        : base(length)
    {
        Values = values;
        Levels = levels;
        _rentedValues = rentedValues;
        _rentedLevels = rentedLevels;
    }

    /// <summary>The non-null values, in row order.</summary>
    public ReadOnlyMemory<T> Values { get; }

    /// <summary>One level per row (1 = a value, 0 = null), or null when every row has a value.</summary>
    public ReadOnlyMemory<int>? Levels { get; }

    public int NullCount => Length - Values.Length;

    public override void Dispose()
    {
        if (_rentedValues is not null)
        {
            ArrayPool<T>.Shared.Return(_rentedValues);
            _rentedValues = null;
        }

        if (_rentedLevels is not null)
        {
            ArrayPool<int>.Shared.Return(_rentedLevels);
            _rentedLevels = null;
        }
    }
}
