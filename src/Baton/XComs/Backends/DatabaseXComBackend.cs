using System.Text;
using Baton.Compression;
using Baton.Configuration;
using Baton.Serialization;
using Baton.XComs.Pipeline;
using Microsoft.Extensions.Options;

namespace Baton.XComs.Backends;

/// <summary>
/// The default backend (<c>BATON__XCOM__BACKEND=database</c>): values serialized (raw bytes, JSON, or what a registered
/// serializer claims), compressed as <c>BATON__XCOM__COMPRESSION</c> says, checksummed, and kept inline in the XCom row
/// up to <see cref="XComOptions.MaxInlineSize"/> bytes.
/// </summary>
internal sealed class DatabaseXComBackend : XComBackend
{
    private readonly XComSerializerRegistry _serializers;
    private readonly CompressionCodecRegistry _codecs;
    private readonly XComOptions _options;

    /// <summary>Creates the backend.</summary>
    public DatabaseXComBackend(XComSerializerRegistry serializers, CompressionCodecRegistry codecs, IOptions<XComOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _serializers = serializers;
        _codecs = codecs;
        _options = options.Value;
    }

    /// <inheritdoc />
    public override async ValueTask<XComPayload> SerializeValueAsync(XComKey key, object? value, Type valueType, CancellationToken cancellationToken = default) =>
        await XComWritePipeline.WriteAsync(
            key, value, valueType, _serializers.ForType(valueType), XComCodecs.Configured(_codecs, _options), threshold: -1, _options.MaxInlineSize,
            target: null, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public override async ValueTask<object?> DeserializeValueAsync(XComRecord record, Type targetType, CancellationToken cancellationToken = default) =>
        await XComReadPipeline.ReadAsync(record, OpenInline(record), _serializers, _codecs, targetType, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public override ValueTask<Stream> OpenSerializedAsync(XComRecord record, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<Stream>(XComReadPipeline.OpenSerialized(record, OpenInline(record), _codecs));

    /// <inheritdoc />
    public override string DescribeValue(XComRecord record) => InlinePreview(record) ?? base.DescribeValue(record);

    /// <summary>The first characters of an uncompressed inline JSON value, or null.</summary>
    internal static string? InlinePreview(XComRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Payload is { Storage: XComStorage.Inline, Format: JsonXComSerializer.FormatName, Compression: NoCompressionCodec.CodecName, Value: { } bytes })
        {
            const int Max = 120;
            var text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, Max * 4));
            return text.Length > Max ? text[..Max] + "…" : text;
        }

        return null;
    }

    private static MemoryStream OpenInline(XComRecord record) =>
        record.Payload is { Storage: XComStorage.Inline, Value: { } bytes }
            ? new MemoryStream(bytes, writable: false)
            : throw new XComNotFoundException(record.Key,
                $"XCom {record.Key} is stored as an object at '{record.Payload.Location}', which the database backend cannot read; " +
                "select the backend that wrote it with BATON__XCOM__BACKEND=objectstorage and BATON__XCOM__PATH.");
}
