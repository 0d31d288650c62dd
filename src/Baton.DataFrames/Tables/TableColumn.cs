namespace Baton.DataFrames.Tables;

/// <summary>One column of a stored table: name, type, whether it may hold nulls, and for decimals precision and scale.</summary>
internal sealed record TableColumn(string Name, ColumnKind Kind, bool Nullable, int Precision = 0, int Scale = 0)
{
    /// <summary>Decimal columns with no value to size them by get DECIMAL(38, 18).</summary>
    public const int DefaultPrecision = 38;

    /// <inheritdoc cref="DefaultPrecision"/>
    public const int DefaultScale = 18;

    /// <summary>The type as shown in previews and errors (<c>int64</c>, <c>decimal(10, 2)</c>, <c>timestamp[us, UTC]</c>).</summary>
    public string TypeName => Kind switch
    {
        ColumnKind.Boolean => "bool",
        ColumnKind.SByte => "int8",
        ColumnKind.Byte => "uint8",
        ColumnKind.Int16 => "int16",
        ColumnKind.UInt16 => "uint16",
        ColumnKind.Int32 => "int32",
        ColumnKind.UInt32 => "uint32",
        ColumnKind.Int64 => "int64",
        ColumnKind.UInt64 => "uint64",
        ColumnKind.Single => "float",
        ColumnKind.Double => "double",
        ColumnKind.Decimal => $"decimal({Precision}, {Scale})",
        ColumnKind.String => "string",
        ColumnKind.DateTime => "timestamp[us, UTC]",
        _ => Kind.ToString(),
    };
}
