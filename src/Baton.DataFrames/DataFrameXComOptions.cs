using Microsoft.Extensions.Configuration;

namespace Baton.DataFrames;

/// <summary>Settings of section <c>dataframes</c> (<c>BATON__DATAFRAMES__…</c>): how DataFrames and RecordBatches are written to XComs.</summary>
/// <remarks>
/// These settings choose how new values are written only. Each value records its format, and both formats are always
/// read, so changing a setting never breaks reading values written before.
/// </remarks>
public sealed class DataFrameXComOptions
{
    /// <summary>The Parquet format name, <c>parquet</c>.</summary>
    public const string ParquetFormat = "parquet";

    /// <summary>The Arrow IPC stream format name, <c>arrow</c>.</summary>
    public const string ArrowFormat = "arrow";

    /// <summary>The largest <see cref="RowGroupSize"/> accepted.</summary>
    public const int MaxRowGroupSize = 16 * 1024 * 1024;

    /// <summary>
    /// The format new DataFrames and RecordBatches are written in (<c>BATON__DATAFRAMES__FORMAT</c>): <c>parquet</c>
    /// (default) or <c>arrow</c> (Arrow IPC stream format).
    /// </summary>
    [ConfigurationKeyName("format")]
    public string Format { get; set; } = ParquetFormat;

    /// <summary>
    /// Rows per Parquet row group or Arrow record batch (<c>BATON__DATAFRAMES__ROW_GROUP_SIZE</c>, default 262,144). Writing
    /// and reading hold about one row group of one column in buffers beyond the table itself; larger groups compress and
    /// scan a little better.
    /// </summary>
    [ConfigurationKeyName("row_group_size")]
    public int RowGroupSize { get; set; } = 256 * 1024;

    /// <summary>
    /// The compression inside Parquet files (<c>BATON__DATAFRAMES__PARQUET_COMPRESSION</c>): <c>snappy</c> (default),
    /// <c>zstd</c>, <c>gzip</c>, <c>brotli</c>, <c>lz4</c> or <c>none</c>. Every Parquet reader reads all of them. Leave
    /// <c>BATON__XCOM__COMPRESSION</c> at <c>none</c> for Parquet values: compressing them again gains little and makes the
    /// stored objects unreadable by Parquet tools until decompressed.
    /// </summary>
    [ConfigurationKeyName("parquet_compression")]
    public string ParquetCompression { get; set; } = "snappy";
}
