namespace Baton.DataFrames.Tables;

/// <summary>The column types Baton stores: those of Microsoft.Data.Analysis that have an exact Parquet and Arrow counterpart.</summary>
internal enum ColumnKind
{
    Boolean,
    SByte,
    Byte,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Single,
    Double,
    Decimal,
    String,
    DateTime,
}
