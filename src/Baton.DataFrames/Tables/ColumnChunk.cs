using System.Buffers;

namespace Baton.DataFrames.Tables;

/// <summary>
/// Consecutive rows of one column on their way between a table in memory and a format: at most one row group or record
/// batch, in buffers rented for the moment. Readers of a chunk copy what they keep; disposing it returns its buffers.
/// </summary>
internal abstract class ColumnChunk : IDisposable
{
    protected ColumnChunk(int length)
    {
        Length = length;
    }

    /// <summary>The number of rows, nulls included.</summary>
    public int Length { get; }

    public abstract void Dispose();

    /// <summary>Rents an array of at least <paramref name="length"/> items.</summary>
    public static T[] Rent<T>(int length) => ArrayPool<T>.Shared.Rent(Math.Max(length, 1));
}
