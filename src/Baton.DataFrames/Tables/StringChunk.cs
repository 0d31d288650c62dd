using System.Buffers;

namespace Baton.DataFrames.Tables;

/// <summary>Rows of a string column: one entry per row, null for a null.</summary>
internal sealed class StringChunk : ColumnChunk
{
    private string?[]? _rented;

    public StringChunk(int length, string?[] rented) : base(length)
    {
        _rented = rented;
    }

    /// <summary>The strings, exactly <see cref="ColumnChunk.Length"/> of them.</summary>
    public ArraySegment<string?> Values => new(_rented ?? throw new ObjectDisposedException(nameof(StringChunk)), 0, Length);

    public override void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<string?>.Shared.Return(_rented, clearArray: true);
            _rented = null;
        }
    }
}
