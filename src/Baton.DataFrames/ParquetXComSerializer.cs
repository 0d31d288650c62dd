using Baton.DataFrames.IO;
using Baton.DataFrames.Parquet;
using Baton.DataFrames.Tables;
using Microsoft.Extensions.Options;

namespace Baton.DataFrames;

/// <summary>
/// Stores Microsoft.Data.Analysis <c>DataFrame</c>s and Apache Arrow <c>RecordBatch</c>es as Parquet files (format
/// <c>parquet</c>, extension <c>.parquet</c>), readable by any Parquet tool; reads them back into a <c>DataFrame</c> or a
/// <c>RecordBatch</c>, whichever the consumer declares.
/// </summary>
/// <remarks>
/// Writing streams row group by row group into the forward-only destination. Reading needs the Parquet footer at the
/// end, so the value is first copied to a seekable buffer: memory up to 16 MiB, a temporary file (deleted on close)
/// beyond. It writes new values only while <see cref="DataFrameXComOptions.Format"/> is <c>parquet</c> (the default);
/// it always reads values stored as <c>parquet</c>.
/// </remarks>
internal sealed class ParquetXComSerializer : TableXComSerializer
{
    /// <summary>The format name, <c>parquet</c>.</summary>
    public const string FormatName = DataFrameXComOptions.ParquetFormat;

    /// <summary>Creates the serializer with the default settings.</summary>
    public ParquetXComSerializer() : this(Microsoft.Extensions.Options.Options.Create(new DataFrameXComOptions())) { }

    /// <summary>Creates the serializer with the given settings.</summary>
    /// <exception cref="OptionsValidationException">The settings are not valid.</exception>
    public ParquetXComSerializer(IOptions<DataFrameXComOptions> options) : base(options, FormatName, "parquet", "Parquet") { }

    private protected override Task WriteAsync(ITableSource source, Stream destination, CancellationToken cancellationToken) =>
        ParquetTableWriter.WriteAsync(source, destination, Options.RowGroupSize, ParquetCompressions.Find(Options.ParquetCompression)!.Value, cancellationToken);

    private protected override async Task<(TableSchema Schema, long Rows)> ReadAsync(Stream source, ITableSink sink, long? maxRows, CancellationToken cancellationToken)
    {
        if (source.CanSeek)
        {
            return await ParquetTableReader.ReadAsync(source, sink, maxRows, cancellationToken).ConfigureAwait(false);
        }

        var seekable = await SeekableCopy.CreateAsync(source, cancellationToken).ConfigureAwait(false);
        await using (seekable.ConfigureAwait(false))
        {
            return await ParquetTableReader.ReadAsync(seekable, sink, maxRows, cancellationToken).ConfigureAwait(false);
        }
    }
}
