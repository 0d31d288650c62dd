using System.Runtime.CompilerServices;
using Microsoft.Data.Analysis;

namespace Baton.DataFrames.Tables;

/// <summary>
/// Builds a <see cref="DataFrame"/> from chunks: each value column is filled into one buffer that the DataFrame column
/// then wraps without a copy (sized from the stored row count when the format records it).
/// </summary>
internal sealed class DataFrameSink : ITableSink
{
    private IColumnBuilder[] _builders = [];

    public void Begin(TableSchema schema, long? rowCount)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _builders = new IColumnBuilder[schema.Columns.Count];
        for (var i = 0; i < _builders.Length; i++)
        {
            var column = schema.Columns[i];
            _builders[i] = column.Kind switch
            {
                ColumnKind.Boolean => new ValueBuilder<bool>(column.Name, rowCount),
                ColumnKind.SByte => new ValueBuilder<sbyte>(column.Name, rowCount),
                ColumnKind.Byte => new ValueBuilder<byte>(column.Name, rowCount),
                ColumnKind.Int16 => new ValueBuilder<short>(column.Name, rowCount),
                ColumnKind.UInt16 => new ValueBuilder<ushort>(column.Name, rowCount),
                ColumnKind.Int32 => new ValueBuilder<int>(column.Name, rowCount),
                ColumnKind.UInt32 => new ValueBuilder<uint>(column.Name, rowCount),
                ColumnKind.Int64 => new ValueBuilder<long>(column.Name, rowCount),
                ColumnKind.UInt64 => new ValueBuilder<ulong>(column.Name, rowCount),
                ColumnKind.Single => new ValueBuilder<float>(column.Name, rowCount),
                ColumnKind.Double => new ValueBuilder<double>(column.Name, rowCount),
                ColumnKind.Decimal => new ValueBuilder<decimal>(column.Name, rowCount),
                ColumnKind.DateTime => new ValueBuilder<DateTime>(column.Name, rowCount),
                _ => new StringBuilder(column.Name, rowCount),
            };
        }
    }

    public void Append(int column, ColumnChunk chunk) => _builders[column].Append(chunk);

    public Memory<T>? Destination<T>(int column, int rows)
        where T : unmanaged => _builders[column] is ValueBuilder<T> values ? values.Destination(rows) : null;

    public void Advance(int column, int rows) => _builders[column].Advance(rows);

    public object Complete() => new DataFrame(_builders.Select(b => b.Build()));

    private interface IColumnBuilder
    {
        void Append(ColumnChunk chunk);

        void Advance(int rows) => throw new NotSupportedException();

        DataFrameColumn Build();
    }

    private sealed class ValueBuilder<T> : IColumnBuilder
        where T : unmanaged
    {
        private static readonly int Size = Unsafe.SizeOf<T>();

        // A DataFrame column wraps one byte buffer of at most Array.MaxLength bytes.
        private static readonly long MaxRows = Array.MaxLength / Size;
        private readonly string _name;
        private T[] _data;
        private byte[] _validity;
        private long _length;
        private int _nulls;
        private PrimitiveDataFrameColumn<T>? _overflow;

        public ValueBuilder(string name, long? rowCount)
        {
            _name = name;
            var capacity = rowCount is { } rows && rows <= MaxRows ? rows : 1024;
            _data = GC.AllocateUninitializedArray<T>((int)capacity);
            _validity = new byte[(capacity + 7) / 8];
        }

        public Memory<T>? Destination(int rows)
        {
            if (_overflow is not null || !TryReserve(_length + rows))
            {
                return null;
            }

            return _data.AsMemory((int)_length, rows);
        }

        public void Advance(int rows)
        {
            SetValid(_length, rows);
            _length += rows;
        }

        public void Append(ColumnChunk chunk)
        {
            var values = (ValueChunk<T>)chunk;
            if (_overflow is null && !TryReserve(_length + values.Length))
            {
                // Past one buffer's 2 GiB the column is handed to Microsoft.Data.Analysis, which chains buffers.
                _overflow = Wrap();
            }

            if (_overflow is not null)
            {
                AppendSlowly(values);
                return;
            }

            var target = _data.AsSpan((int)_length, values.Length);
            var dense = values.Values.Span;
            if (values.Levels is not { } levelMemory)
            {
                dense.CopyTo(target);
                SetValid(_length, values.Length);
            }
            else
            {
                var levels = levelMemory.Span;
                var j = 0;
                for (var i = 0; i < levels.Length; i++)
                {
                    if (levels[i] != 0)
                    {
                        target[i] = dense[j++];
                        var row = _length + i;
                        _validity[row >> 3] |= (byte)(1 << (int)(row & 7));
                    }
                    else
                    {
                        target[i] = default;
                        _nulls++;
                    }
                }
            }

            _length += values.Length;
        }

        public DataFrameColumn Build() => _overflow ?? Wrap();

        private bool TryReserve(long rows)
        {
            if (rows <= _data.Length)
            {
                return true;
            }

            if (rows > MaxRows)
            {
                return false;
            }

            var wanted = Math.Min(Math.Max(rows, _data.Length * 2L), MaxRows);
            var grown = GC.AllocateUninitializedArray<T>((int)wanted);
            _data.AsSpan(0, (int)_length).CopyTo(grown);
            _data = grown;
            Array.Resize(ref _validity, (int)((wanted + 7) / 8));
            return true;
        }

        private void SetValid(long start, int count)
        {
            var end = start + count;
            var row = start;
            for (; row < end && (row & 7) != 0; row++)
            {
                _validity[row >> 3] |= (byte)(1 << (int)(row & 7));
            }

            var fullBytes = (end - row) >> 3;
            _validity.AsSpan((int)(row >> 3), (int)fullBytes).Fill(0xFF);
            for (row += fullBytes << 3; row < end; row++)
            {
                _validity[row >> 3] |= (byte)(1 << (int)(row & 7));
            }
        }

        private void AppendSlowly(ValueChunk<T> values)
        {
            var dense = values.Values.Span;
            var j = 0;
            for (var i = 0; i < values.Length; i++)
            {
                _overflow!.Append(values.Levels is not { } levels || levels.Span[i] != 0 ? dense[j++] : null);
            }
        }

        private PrimitiveDataFrameColumn<T> Wrap()
        {
            var data = new BytesOf<T>(_data).Memory[..(int)(_length * Size)];
            var validity = _validity.AsMemory(0, (int)((_length + 7) / 8));
            var length = (int)_length;
            return (PrimitiveDataFrameColumn<T>)(object)(typeof(T) switch
            {
                _ when typeof(T) == typeof(bool) => new BooleanDataFrameColumn(_name, data, validity, length, _nulls),
                _ when typeof(T) == typeof(sbyte) => new SByteDataFrameColumn(_name, data, validity, length, _nulls),
                _ when typeof(T) == typeof(byte) => new ByteDataFrameColumn(_name, data, validity, length, _nulls),
                _ when typeof(T) == typeof(short) => new Int16DataFrameColumn(_name, data, validity, length, _nulls),
                _ when typeof(T) == typeof(ushort) => new UInt16DataFrameColumn(_name, data, validity, length, _nulls),
                _ when typeof(T) == typeof(int) => new Int32DataFrameColumn(_name, data, validity, length, _nulls),
                _ when typeof(T) == typeof(uint) => new UInt32DataFrameColumn(_name, data, validity, length, _nulls),
                _ when typeof(T) == typeof(long) => new Int64DataFrameColumn(_name, data, validity, length, _nulls),
                _ when typeof(T) == typeof(ulong) => new UInt64DataFrameColumn(_name, data, validity, length, _nulls),
                _ when typeof(T) == typeof(float) => new SingleDataFrameColumn(_name, data, validity, length, _nulls),
                _ when typeof(T) == typeof(double) => new DoubleDataFrameColumn(_name, data, validity, length, _nulls),
                _ when typeof(T) == typeof(decimal) => new DecimalDataFrameColumn(_name, data, validity, length, _nulls),
                _ when typeof(T) == typeof(DateTime) => new DateTimeDataFrameColumn(_name, data, validity, length, _nulls),
                _ => (object)new PrimitiveDataFrameColumn<T>(_name, data, validity, length, _nulls),
            });
        }
    }

    private sealed class StringBuilder : IColumnBuilder
    {
        // StringDataFrameColumn keeps its strings in List<string> buffers it grows one Append at a time; for millions of
        // rows the doublings allocate and copy large arrays (each a gen 2 collection's worth of large-object budget).
        // Microsoft.Data.Analysis 0.23 offers no capacity, so the first buffer is sized through its private field when
        // it is there, and grown as usual when it is not.
        private static readonly System.Reflection.FieldInfo? Buffers =
            typeof(StringDataFrameColumn).GetField("_stringBuffers", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance);

        private readonly StringDataFrameColumn _column;

        public StringBuilder(string name, long? rowCount)
        {
            _column = new StringDataFrameColumn(name, 0);
            if (rowCount is > 0 and var rows && Buffers?.GetValue(_column) is List<List<string>> { Count: 1 } buffers)
            {
                buffers[0].Capacity = (int)Math.Min(rows, Array.MaxLength);
            }
        }

        public void Append(ColumnChunk chunk)
        {
            foreach (var value in ((StringChunk)chunk).Values)
            {
                _column.Append(value);
            }
        }

        public DataFrameColumn Build() => _column;
    }
}
