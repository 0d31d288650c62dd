using Baton.DataFrames.Tables;
using Baton.Serialization;
using Microsoft.Extensions.Options;

namespace Baton.DataFrames;

/// <summary>
/// What Baton's table serializers (<see cref="ParquetXComSerializer"/>, <see cref="ArrowIpcXComSerializer"/>) share:
/// Microsoft.Data.Analysis <c>DataFrame</c>s and Apache Arrow <c>RecordBatch</c>es in, either of them out (whichever the
/// consumer declares), new values written only in the configured format, previews for the command line. A subclass
/// names its format and says how a table is written to and read from a stream.
/// </summary>
internal abstract class TableXComSerializer : IXComSerializer, IXComValuePreviewer, IXComTablePreviewer
{
    private readonly string _description;

    /// <summary>Validates the settings and names the format.</summary>
    /// <param name="options">The DataFrame settings.</param>
    /// <param name="format">The format name stored with each value.</param>
    /// <param name="fileExtension">The extension of stored objects.</param>
    /// <param name="description">How error messages name the format, e.g. <c>Parquet</c>.</param>
    /// <exception cref="OptionsValidationException">The settings are not valid.</exception>
    private protected TableXComSerializer(IOptions<DataFrameXComOptions> options, string format, string fileExtension, string description)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
        var result = new DataFrameXComOptionsValidator().Validate(null, Options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(DataFrameXComOptions), typeof(DataFrameXComOptions), result.Failures);
        }

        Format = format;
        FileExtension = fileExtension;
        _description = description;
    }

    /// <inheritdoc />
    public string Format { get; }

    /// <summary>The file extension of stored objects.</summary>
    public string FileExtension { get; }

    /// <summary>The settings the serializer was created with.</summary>
    private protected DataFrameXComOptions Options { get; }

    /// <summary>True for <c>DataFrame</c> and <c>RecordBatch</c> while this is the configured format.</summary>
    public bool CanSerialize(Type type) => Options.Format == Format && TableValues.IsTable(type);

    /// <inheritdoc />
    public async ValueTask SerializeAsync(Stream destination, object? value, Type type, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(type);
        await WriteAsync(TableValues.SourceOf(value, type), destination, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="CorruptSerializedValueException">The bytes are not a valid file of this format.</exception>
    public async ValueTask<object?> DeserializeAsync(Stream source, Type targetType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var sink = TableValues.SinkFor(targetType, _description);
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
        return TablePreview.Format(Format, schema, rows, (Microsoft.Data.Analysis.DataFrame)sink.Complete(), maxRows);
    }

    /// <inheritdoc />
    public async Task<XComTablePreview> PreviewTableAsync(Stream serialized, int maxRows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serialized);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        var sink = new DataFrameSink();
        var (schema, rows) = await ReadAsync(serialized, sink, Math.Max(maxRows, 1), cancellationToken).ConfigureAwait(false);
        var head = (Microsoft.Data.Analysis.DataFrame)sink.Complete();
        var shown = (int)Math.Min(Math.Min(head.Rows.Count, maxRows), rows);
        var cells = new List<IReadOnlyList<object?>>(shown);
        for (var r = 0; r < shown; r++)
        {
            cells.Add(head.Columns.Select(c => TablePreview.JsonCell(c[r])).ToArray());
        }

        return new XComTablePreview(Format, schema.Columns.Select(c => new XComTableColumn(c.Name, c.TypeName, c.Nullable)).ToList(), rows, cells);
    }

    /// <summary>Writes the table to the forward-only destination.</summary>
    private protected abstract Task WriteAsync(ITableSource source, Stream destination, CancellationToken cancellationToken);

    /// <summary>Reads a table (up to <paramref name="maxRows"/> rows when given) into the sink; returns its schema and row count.</summary>
    private protected abstract Task<(TableSchema Schema, long Rows)> ReadAsync(Stream source, ITableSink sink, long? maxRows, CancellationToken cancellationToken);
}
