using System.Text;
using Baton.Configuration;
using Baton.Serialization;
using Microsoft.Extensions.Options;

namespace Baton.XComs;

/// <summary>
/// The default backend (<c>BATON__XCOM__BACKEND=database</c>): values serialized (JSON unless another serializer claims the
/// type) and kept inline in the XCom row, up to <see cref="XComOptions.MaxInlineSize"/> bytes.
/// </summary>
public sealed class DatabaseXComBackend : XComBackend
{
    private readonly XComSerializerRegistry _serializers;
    private readonly XComOptions _options;

    /// <summary>Creates the backend.</summary>
    public DatabaseXComBackend(XComSerializerRegistry serializers, IOptions<XComOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _serializers = serializers;
        _options = options.Value;
    }

    /// <inheritdoc />
    public override async ValueTask<XComPayload> SerializeValueAsync(XComKey key, object? value, Type valueType, CancellationToken cancellationToken = default)
    {
        var serializer = _serializers.ForType(valueType);
        using var buffer = new CountingBufferStream(_options.MaxInlineSize);
        await XComSerialization.SerializeAsync(serializer, buffer, key, value, valueType, cancellationToken).ConfigureAwait(false);
        if (buffer.Overflowed)
        {
            throw new XComTooLargeException(key,
                $"XCom {key} is {buffer.BytesWritten} bytes serialized as {serializer.Format}, over the inline limit of {_options.MaxInlineSize} bytes " +
                "(BATON__XCOM__MAX_INLINE_SIZE). Store large values in object storage: BATON__XCOM__BACKEND=objectstorage with BATON__XCOM__PATH.");
        }

        return new XComPayload
        {
            Storage = XComStorage.Inline,
            Value = buffer.ToArray(),
            Format = serializer.Format,
            Size = buffer.BytesWritten,
        };
    }

    /// <inheritdoc />
    public override async ValueTask<object?> DeserializeValueAsync(XComRecord record, Type targetType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Payload.Storage != XComStorage.Inline || record.Payload.Value is null)
        {
            throw new XComNotFoundException(record.Key,
                $"XCom {record.Key} is stored as an object at '{record.Payload.Location}', which the database backend cannot read; " +
                "select the backend that wrote it with BATON__XCOM__BACKEND.");
        }

        using var stream = new MemoryStream(record.Payload.Value, writable: false);
        return await XComSerialization.DeserializeAsync(_serializers, record, stream, targetType, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string DescribeValue(XComRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Payload is { Storage: XComStorage.Inline, Format: JsonXComSerializer.FormatName, Value: { } bytes })
        {
            const int max = 120;
            var text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, max * 4));
            return text.Length > max ? text[..max] + "…" : text;
        }

        return base.DescribeValue(record);
    }
}
