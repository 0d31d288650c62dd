using Baton.DataFrames.IO;
using Baton.DataFrames.Parquet;
using Baton.DataFrames.Tables;
using Baton.Serialization;
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
public sealed class ParquetXComSerializer : IXComSerializer, IXComValuePreviewer
{
    /// <summary>The format name, <c>parquet</c>.</summary>
    public const string FormatName = DataFrameXComOptions.ParquetFormat;

    private readonly DataFrameXComOptions _options;

    /// <summary>Creates the serializer with the default settings.</summary>
    public ParquetXComSerializer() : this(Options.Create(new DataFrameXComOptions())) { }

    /// <summary>Creates the serializer with the given settings.</summary>
    /// <exception cref="OptionsValidationException">The settings are not valid.</exception>
    public ParquetXComSerializer(IOptions<DataFrameXComOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var result = new DataFrameXComOptionsValidator().Validate(null, _options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(DataFrameXComOptions), typeof(DataFrameXComOptions), result.Failures);
        }
    }

    /// <inheritdoc />
    public string Format => FormatName;

    /// <summary>The file extension of stored objects, <c>parquet</c>.</summary>
    public string FileExtension => "parquet";

    /// <summary>True for <c>DataFrame</c> and <c>RecordBatch</c> while Parquet is the configured format.</summary>
    public bool CanSerialize(Type type) => _options.Format == FormatName && TableValues.IsTable(type);

    /// <inheritdoc />
    public async ValueTask SerializeAsync(Stream destination, object? value, Type type, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(type);
        var source = TableValues.SourceOf(value, type);
        await ParquetTableWriter.WriteAsync(source, destination, _options.RowGroupSize, ParquetCompressions.Find(_options.ParquetCompression)!.Value, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="CorruptSerializedValueException">The bytes are not a valid Parquet file.</exception>
    public async ValueTask<object?> DeserializeAsync(Stream source, Type targetType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var sink = TableValues.SinkFor(targetType, "Parquet");
        try
        {
            await ReadAsync(source, sink, null, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTypeException e)
        {
            throw new InvalidDataException(e.Message, e);
        }

        return sink.Complete();
    }

    /// <inheritdoc />
    public async Task<string> PreviewAsync(Stream serialized, int maxRows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serialized);
        var sink = new DataFrameSink();
        var (schema, rows) = await ReadAsync(serialized, sink, Math.Max(maxRows, 1), cancellationToken).ConfigureAwait(false);
        return TablePreview.Format("parquet", schema, rows, (Microsoft.Data.Analysis.DataFrame)sink.Complete(), maxRows);
    }

    private static async Task<(TableSchema Schema, long Rows)> ReadAsync(Stream source, ITableSink sink, long? maxRows, CancellationToken cancellationToken)
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
