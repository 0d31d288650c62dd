using Baton.DataFrames.Tables;
using Parquet.Schema;

namespace Baton.DataFrames.Parquet;

/// <summary>Baton's table schema to Parquet's and back.</summary>
internal static class ParquetSchemas
{
    /// <summary>The file metadata key that marks a table with no columns (stored with one placeholder column).</summary>
    public const string NoColumnsKey = "baton.no_columns";

    /// <summary>The name of the placeholder column of a table with no columns.</summary>
    public const string NoColumnsPlaceholder = "__baton_no_columns";

    public static ParquetSchema ToParquet(TableSchema schema) => new(schema.Columns.Select(ToField).ToArray());

    public static DataField ToField(TableColumn column) => column.Kind switch
    {
        ColumnKind.Boolean => new DataField<bool>(column.Name, column.Nullable),
        ColumnKind.SByte => new DataField<sbyte>(column.Name, column.Nullable),
        ColumnKind.Byte => new DataField<byte>(column.Name, column.Nullable),
        ColumnKind.Int16 => new DataField<short>(column.Name, column.Nullable),
        ColumnKind.UInt16 => new DataField<ushort>(column.Name, column.Nullable),
        ColumnKind.Int32 => new DataField<int>(column.Name, column.Nullable),
        ColumnKind.UInt32 => new DataField<uint>(column.Name, column.Nullable),
        ColumnKind.Int64 => new DataField<long>(column.Name, column.Nullable),
        ColumnKind.UInt64 => new DataField<ulong>(column.Name, column.Nullable),
        ColumnKind.Single => new DataField<float>(column.Name, column.Nullable),
        ColumnKind.Double => new DataField<double>(column.Name, column.Nullable),
        ColumnKind.Decimal => new DecimalDataField(column.Name, column.Precision, column.Scale, forceByteArrayEncoding: false, isNullable: column.Nullable),
        ColumnKind.String => new DataField<string>(column.Name, column.Nullable),
        ColumnKind.DateTime => new DateTimeDataField(column.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: column.Nullable),
        _ => throw new NotSupportedException($"column '{column.Name}' has no Parquet type"),
    };

    /// <summary>The table schema of a stored file.</summary>
    /// <exception cref="TableTypeException">A column has a type Baton does not read.</exception>
    public static TableSchema FromParquet(ParquetSchema schema)
    {
        var columns = new List<TableColumn>();
        if (schema.Fields.Any(f => f.SchemaType != SchemaType.Data))
        {
            throw new TableTypeException($"the Parquet file has nested columns ({string.Join(", ", schema.Fields.Where(f => f.SchemaType != SchemaType.Data).Select(f => f.Name))}), which a DataFrame cannot hold");
        }

        foreach (var field in schema.DataFields)
        {
            var kind = ColumnKinds.Of(field.ClrType)
                ?? throw new TableTypeException($"column '{field.Name}' has the Parquet type {field.ClrType.Name}, which Baton does not read (supported: {ColumnKinds.Supported})");
            if (field.IsArray)
            {
                throw new TableTypeException($"column '{field.Name}' is a list, which a DataFrame cannot hold");
            }

            columns.Add(field is DecimalDataField dec
                ? new TableColumn(field.Name, kind, field.IsNullable, dec.Precision, dec.Scale)
                : new TableColumn(field.Name, kind, field.IsNullable));
        }

        return new TableSchema(columns);
    }
}
