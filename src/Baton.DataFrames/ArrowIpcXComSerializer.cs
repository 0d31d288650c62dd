using Baton.DataFrames.Arrow;
using Baton.DataFrames.Tables;
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
internal sealed class ArrowIpcXComSerializer : TableXComSerializer
{
    /// <summary>The format name, <c>arrow</c>.</summary>
    public const string FormatName = DataFrameXComOptions.ArrowFormat;

    /// <summary>Creates the serializer with the default settings (it then reads Arrow values but does not write new ones).</summary>
    public ArrowIpcXComSerializer() : this(Microsoft.Extensions.Options.Options.Create(new DataFrameXComOptions())) { }

    /// <summary>Creates the serializer with the given settings.</summary>
    /// <exception cref="OptionsValidationException">The settings are not valid.</exception>
    public ArrowIpcXComSerializer(IOptions<DataFrameXComOptions> options) : base(options, FormatName, "arrow", "Arrow IPC stream") { }

    private protected override Task WriteAsync(ITableSource source, Stream destination, CancellationToken cancellationToken) =>
        ArrowIpcTableWriter.WriteAsync(source, destination, Options.RowGroupSize, cancellationToken);

    private protected override Task<(TableSchema Schema, long Rows)> ReadAsync(Stream source, ITableSink sink, long? maxRows, CancellationToken cancellationToken) =>
        ArrowIpcTableReader.ReadAsync(source, sink, maxRows, cancellationToken);
}
