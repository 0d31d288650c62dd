using Baton.DataFrames.Arrow;
using Baton.DataFrames.Tables;
using Baton.Serialization;
using Microsoft.Extensions.Options;

namespace Baton.DataFrames;

/// <summary>
/// Stores Microsoft.Data.Analysis <c>DataFrame</c>s and Apache Arrow <c>RecordBatch</c>es in the Arrow IPC stream format
/// (format <c>arrow</c>, extension <c>.arrow</c>; pyarrow's <c>pa.ipc.open_stream</c>, DuckDB's arrow extension and
/// Polars' <c>read_ipc_stream</c> read it); reads them back into a <c>DataFrame</c> or a <c>RecordBatch</c>, whichever the
/// consumer declares.
/// </summary>
/// <remarks>
/// Both directions stream, one record batch at a time, with no seeking. It writes new values only while
/// <see cref="DataFrameXComOptions.Format"/> is <c>arrow</c>; it always reads values stored as <c>arrow</c>.
/// </remarks>
public sealed class ArrowIpcXComSerializer : IXComSerializer, IXComValuePreviewer
{
    /// <summary>The format name, <c>arrow</c>.</summary>
    public const string FormatName = DataFrameXComOptions.ArrowFormat;

    private readonly DataFrameXComOptions _options;

    /// <summary>Creates the serializer with the default settings (it then reads Arrow values but does not write new ones).</summary>
    public ArrowIpcXComSerializer() : this(Options.Create(new DataFrameXComOptions())) { }

    /// <summary>Creates the serializer with the given settings.</summary>
    /// <exception cref="OptionsValidationException">The settings are not valid.</exception>
    public ArrowIpcXComSerializer(IOptions<DataFrameXComOptions> options)
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

    /// <summary>The file extension of stored objects, <c>arrow</c>.</summary>
    public string FileExtension => "arrow";

    /// <summary>True for <c>DataFrame</c> and <c>RecordBatch</c> while Arrow is the configured format.</summary>
    public bool CanSerialize(Type type) => _options.Format == FormatName && TableValues.IsTable(type);

    /// <inheritdoc />
    public async ValueTask SerializeAsync(Stream destination, object? value, Type type, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(type);
        var source = TableValues.SourceOf(value, type);
        await ArrowIpcTableWriter.WriteAsync(source, destination, _options.RowGroupSize, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="CorruptSerializedValueException">The bytes are not a valid Arrow IPC stream.</exception>
    public async ValueTask<object?> DeserializeAsync(Stream source, Type targetType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var sink = TableValues.SinkFor(targetType, "Arrow IPC stream");
        try
        {
            await ArrowIpcTableReader.ReadAsync(source, sink, null, cancellationToken).ConfigureAwait(false);
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
        var (schema, rows) = await ArrowIpcTableReader.ReadAsync(serialized, sink, Math.Max(maxRows, 1), cancellationToken).ConfigureAwait(false);
        return TablePreview.Format("arrow", schema, rows, (Microsoft.Data.Analysis.DataFrame)sink.Complete(), maxRows);
    }
}
