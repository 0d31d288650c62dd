using Microsoft.Data.Analysis;

namespace Baton.DataFrames.Tables;

/// <summary>Reads a <see cref="DataFrame"/>'s columns out in chunks, without copying the frame.</summary>
internal sealed class DataFrameSource : ITableSource
{
    private readonly IColumnReader[] _readers;

    public DataFrameSource(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        RowCount = frame.Rows.Count;
        var columns = new List<TableColumn>(frame.Columns.Count);
        _readers = new IColumnReader[frame.Columns.Count];
        for (var i = 0; i < frame.Columns.Count; i++)
        {
            var column = frame.Columns[i];
            var kind = ColumnKinds.Of(column.DataType)
                ?? throw new NotSupportedException($"column '{column.Name}' holds {column.DataType.Name}, which Baton does not store (supported: {ColumnKinds.Supported})");
            var nullable = column.NullCount > 0;
            (_readers[i], var described) = kind switch
            {
                ColumnKind.Boolean => Values<bool>(column, kind, nullable),
                ColumnKind.SByte => Values<sbyte>(column, kind, nullable),
                ColumnKind.Byte => Values<byte>(column, kind, nullable),
                ColumnKind.Int16 => Values<short>(column, kind, nullable),
                ColumnKind.UInt16 => Values<ushort>(column, kind, nullable),
                ColumnKind.Int32 => Values<int>(column, kind, nullable),
                ColumnKind.UInt32 => Values<uint>(column, kind, nullable),
                ColumnKind.Int64 => Values<long>(column, kind, nullable),
                ColumnKind.UInt64 => Values<ulong>(column, kind, nullable),
                ColumnKind.Single => Values<float>(column, kind, nullable),
                ColumnKind.Double => Values<double>(column, kind, nullable),
                ColumnKind.Decimal => Decimals(column, nullable),
                ColumnKind.DateTime => Values<DateTime>(column, kind, nullable),
                _ => ((IColumnReader)new StringReader(column), new TableColumn(column.Name, ColumnKind.String, nullable)),
            };
            columns.Add(described);
        }

        Schema = new TableSchema(columns);
    }

    public TableSchema Schema { get; }

    public long RowCount { get; }

    public ColumnChunk Read(int column, long offset, int count) => _readers[column].Read(offset, count);

    private static (IColumnReader, TableColumn) Values<T>(DataFrameColumn column, ColumnKind kind, bool nullable)
        where T : unmanaged =>
        (new ValueReader<T>(Typed<T>(column), nullable, kind == ColumnKind.DateTime), new TableColumn(column.Name, kind, nullable));

    private static (IColumnReader, TableColumn) Decimals(DataFrameColumn column, bool nullable)
    {
        var typed = Typed<decimal>(column);
        var (precision, scale) = ColumnKinds.DecimalPrecision(column.Name, typed.Where(v => v.HasValue).Select(v => v!.Value));
        return (new ValueReader<decimal>(typed, nullable, false), new TableColumn(column.Name, ColumnKind.Decimal, nullable, precision, scale));
    }

    private static PrimitiveDataFrameColumn<T> Typed<T>(DataFrameColumn column)
        where T : unmanaged =>
        column as PrimitiveDataFrameColumn<T>
        ?? throw new NotSupportedException($"column '{column.Name}' is a {column.GetType().Name}; Baton stores {typeof(T).Name} values from PrimitiveDataFrameColumn<{typeof(T).Name}>");

    private interface IColumnReader
    {
        ColumnChunk Read(long offset, int count);
    }

    /// <summary>A primitive column's buffers as they are; a chunk inside one buffer with no nulls is handed out without a copy.</summary>
    private sealed class ValueReader<T> : IColumnReader
        where T : unmanaged
    {
        private readonly List<(long Start, ReadOnlyMemory<T> Data, ReadOnlyMemory<byte> Validity)> _buffers = [];
        private readonly bool _nullable;
        private readonly bool _dateTimes;
        private readonly bool _hasNulls;

        public ValueReader(PrimitiveDataFrameColumn<T> column, bool nullable, bool dateTimes)
        {
            _nullable = nullable;
            _dateTimes = dateTimes;
            _hasNulls = column.NullCount > 0;
            long start = 0;
            using var validity = column.GetReadOnlyNullBitMapBuffers().GetEnumerator();
            foreach (var data in column.GetReadOnlyDataBuffers())
            {
                var bits = validity.MoveNext() ? validity.Current : ReadOnlyMemory<byte>.Empty;
                _buffers.Add((start, data, bits));
                start += data.Length;
            }
        }

        public ColumnChunk Read(long offset, int count)
        {
            var first = Find(offset);
            if (!_hasNulls && offset + count <= _buffers[first].Start + _buffers[first].Data.Length)
            {
                var (start, data, _) = _buffers[first];
                var slice = data.Slice((int)(offset - start), count);
                if (!_dateTimes || AllUtc(System.Runtime.InteropServices.MemoryMarshal.Cast<T, DateTime>(slice.Span)))
                {
                    return new ValueChunk<T>(count, slice, null);
                }
            }

            var values = ColumnChunk.Rent<T>(count);
            var levels = _nullable ? ColumnChunk.Rent<int>(count) : null;
            var dense = 0;
            var row = 0;
            for (var b = first; row < count; b++)
            {
                var (start, memory, validity) = _buffers[b];
                var data = memory.Span;
                var bits = validity.Span;
                var from = (int)(offset + row - start);
                var take = Math.Min(count - row, data.Length - from);
                for (var i = from; i < from + take; i++, row++)
                {
                    var valid = !_hasNulls || (bits[i >> 3] & (1 << (i & 7))) != 0;
                    if (levels is not null)
                    {
                        levels[row] = valid ? 1 : 0;
                    }

                    if (valid)
                    {
                        values[dense++] = data[i];
                    }
                }
            }

            if (_dateTimes)
            {
                var times = System.Runtime.InteropServices.MemoryMarshal.Cast<T, DateTime>(values.AsSpan(0, dense));
                for (var i = 0; i < times.Length; i++)
                {
                    times[i] = ColumnKinds.ToStoredUtc(times[i]);
                }
            }

            return new ValueChunk<T>(count, values.AsMemory(0, dense), levels?.AsMemory(0, count), values, levels);
        }

        private static bool AllUtc(ReadOnlySpan<DateTime> times)
        {
            foreach (var time in times)
            {
                if (time.Kind != DateTimeKind.Utc)
                {
                    return false;
                }
            }

            return true;
        }

        private int Find(long offset)
        {
            for (var b = 0; b < _buffers.Count; b++)
            {
                if (offset < _buffers[b].Start + _buffers[b].Data.Length)
                {
                    return b;
                }
            }

            throw new ArgumentOutOfRangeException(nameof(offset));
        }
    }

    private sealed class StringReader(DataFrameColumn column) : IColumnReader
    {
        public ColumnChunk Read(long offset, int count)
        {
            var values = ColumnChunk.Rent<string?>(count);
            if (column is StringDataFrameColumn strings)
            {
                for (var i = 0; i < count; i++)
                {
                    values[i] = strings[offset + i];
                }
            }
            else
            {
                for (var i = 0; i < count; i++)
                {
                    values[i] = (string?)column[offset + i];
                }
            }

            return new StringChunk(count, values);
        }
    }
}
