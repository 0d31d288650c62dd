using Apache.Arrow;
using Apache.Arrow.Types;
using Baton.DataFrames.Tables;

namespace Baton.DataFrames.Arrow;

/// <summary>Builds one Arrow array from chunks of a column (a whole RecordBatch column, or one batch of an Arrow stream).</summary>
internal abstract class ArrowColumnBuilder
{
    public abstract void Append(ColumnChunk chunk);

    public abstract IArrowArray Build();

    public static ArrowColumnBuilder Create(TableColumn column, long capacity)
    {
        var rows = (int)Math.Clamp(capacity, 0, 1 << 24);
        return column.Kind switch
        {
            ColumnKind.Boolean => new Booleans(rows),
            ColumnKind.SByte => new Values<sbyte>(Int8Type.Default, rows),
            ColumnKind.Byte => new Values<byte>(UInt8Type.Default, rows),
            ColumnKind.Int16 => new Values<short>(Int16Type.Default, rows),
            ColumnKind.UInt16 => new Values<ushort>(UInt16Type.Default, rows),
            ColumnKind.Int32 => new Values<int>(Int32Type.Default, rows),
            ColumnKind.UInt32 => new Values<uint>(UInt32Type.Default, rows),
            ColumnKind.Int64 => new Values<long>(Int64Type.Default, rows),
            ColumnKind.UInt64 => new Values<ulong>(UInt64Type.Default, rows),
            ColumnKind.Single => new Values<float>(FloatType.Default, rows),
            ColumnKind.Double => new Values<double>(DoubleType.Default, rows),
            ColumnKind.Decimal => new Decimals(new Decimal128Type(column.Precision, column.Scale), rows),
            ColumnKind.DateTime => new Timestamps(rows),
            _ => new Strings(rows),
        };
    }

    /// <summary>Calls <paramref name="value"/> with the dense index of each row's value, or <paramref name="none"/> for a null.</summary>
    private static void ForEachRow<T>(ValueChunk<T> chunk, Action<int> value, Action none)
        where T : struct
    {
        if (chunk.Levels is not { } levels)
        {
            for (var i = 0; i < chunk.Length; i++)
            {
                value(i);
            }

            return;
        }

        var j = 0;
        var span = levels.Span;
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] != 0)
            {
                value(j++);
            }
            else
            {
                none();
            }
        }
    }

    private abstract class Validated : ArrowColumnBuilder
    {
        protected Validated(int rows)
        {
            Validity = new ArrowBuffer.BitmapBuilder(rows);
        }

        protected ArrowBuffer.BitmapBuilder Validity { get; }

        protected int Length { get; set; }

        protected int NullCount { get; set; }

        protected ArrowBuffer BuildValidity() => NullCount == 0 ? ArrowBuffer.Empty : Validity.Build();
    }

    private sealed class Values<T>(IArrowType type, int rows) : Validated(rows)
        where T : struct
    {
        private readonly ArrowBuffer.Builder<T> _values = new(rows);

        public override void Append(ColumnChunk chunk)
        {
            var values = (ValueChunk<T>)chunk;
            if (values.Levels is null)
            {
                _values.Append(values.Values.Span);
                Validity.AppendRange(true, values.Length);
            }
            else
            {
                var dense = values.Values;
                ForEachRow(values, j =>
                {
                    _values.Append(dense.Span[j]);
                    Validity.Append(true);
                }, () =>
                {
                    _values.Append(default(T));
                    Validity.Append(false);
                    NullCount++;
                });
            }

            Length += values.Length;
        }

        public override IArrowArray Build() =>
            ArrowArrayFactory.BuildArray(new ArrayData(type, Length, NullCount, 0, [BuildValidity(), _values.Build()]));
    }

    private sealed class Booleans(int rows) : Validated(rows)
    {
        private readonly ArrowBuffer.BitmapBuilder _values = new(rows);

        public override void Append(ColumnChunk chunk)
        {
            var values = (ValueChunk<bool>)chunk;
            var dense = values.Values;
            ForEachRow(values, j =>
            {
                _values.Append(dense.Span[j]);
                Validity.Append(true);
            }, () =>
            {
                _values.Append(false);
                Validity.Append(false);
                NullCount++;
            });
            Length += values.Length;
        }

        public override IArrowArray Build() =>
            ArrowArrayFactory.BuildArray(new ArrayData(BooleanType.Default, Length, NullCount, 0, [BuildValidity(), _values.Build()]));
    }

    private sealed class Timestamps(int rows) : Validated(rows)
    {
        private readonly ArrowBuffer.Builder<long> _values = new(rows);

        public override void Append(ColumnChunk chunk)
        {
            var values = (ValueChunk<DateTime>)chunk;
            var dense = values.Values;
            ForEachRow(values, j =>
            {
                _values.Append(ArrowSchemas.ToMicroseconds(dense.Span[j]));
                Validity.Append(true);
            }, () =>
            {
                _values.Append(0L);
                Validity.Append(false);
                NullCount++;
            });
            Length += values.Length;
        }

        public override IArrowArray Build() =>
            ArrowArrayFactory.BuildArray(new ArrayData(ArrowSchemas.Timestamp, Length, NullCount, 0, [BuildValidity(), _values.Build()]));
    }

    private sealed class Decimals(Decimal128Type type, int rows) : ArrowColumnBuilder
    {
        private readonly Decimal128Array.Builder _builder = new Decimal128Array.Builder(type).Reserve(rows);

        public override void Append(ColumnChunk chunk)
        {
            var values = (ValueChunk<decimal>)chunk;
            var dense = values.Values;
            ForEachRow(values, j => _builder.Append(dense.Span[j]), () => _builder.AppendNull());
        }

        public override IArrowArray Build() => _builder.Build();
    }

    private sealed class Strings(int rows) : ArrowColumnBuilder
    {
        private readonly StringArray.Builder _builder = new StringArray.Builder().Reserve(rows);

        public override void Append(ColumnChunk chunk)
        {
            foreach (var value in ((StringChunk)chunk).Values)
            {
                if (value is null)
                {
                    _builder.AppendNull();
                }
                else
                {
                    _builder.Append(value);
                }
            }
        }

        public override IArrowArray Build() => _builder.Build();
    }
}
