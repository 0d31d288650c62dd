using Baton.Serialization;

namespace Baton.XComs;

/// <summary>Runs a serializer and turns its failures into XCom exceptions that name the XCom; for use by backends.</summary>
public static class XComSerialization
{
    /// <summary>Serializes a value, turning a serializer's refusal into <see cref="XComSerializationException"/>.</summary>
    public static async ValueTask SerializeAsync(IXComSerializer serializer, Stream destination, XComKey key, object? value, Type valueType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(valueType);
        try
        {
            await serializer.SerializeAsync(destination, value, valueType, cancellationToken).ConfigureAwait(false);
        }
        catch (NotSupportedException e)
        {
            throw new XComSerializationException(key, $"XCom {key}: cannot serialize a value of type {TypeNames.Of(valueType)} as {serializer.Format}: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new XComSerializationException(key, $"XCom {key}: cannot serialize a value of type {TypeNames.Of(valueType)} as {serializer.Format}: {e.Message}", e);
        }
    }

    /// <summary>Reads a value with the serializer its record names, turning failures into XCom exceptions.</summary>
    /// <exception cref="XComTypeMismatchException">No serializer reads the stored format, or the value does not fit <paramref name="targetType"/>.</exception>
    /// <exception cref="XComCorruptedException">The serializer found the bytes are not valid data of its format (<see cref="CorruptSerializedValueException"/>).</exception>
    public static async ValueTask<object?> DeserializeAsync(XComSerializerRegistry serializers, XComRecord record, Stream source, Type targetType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serializers);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(targetType);
        var where = record.Payload.Location is { } location ? $" at '{location}'" : "";
        var serializer = serializers.ForFormat(record.Payload.Format)
            ?? throw new XComTypeMismatchException(record.Key,
                $"XCom {record.Key}{where} has format '{record.Payload.Format}', for which no serializer is registered " +
                $"(registered: {string.Join(", ", serializers.Serializers.Select(s => s.Format))}).");
        try
        {
            var value = await serializer.DeserializeAsync(source, targetType, cancellationToken).ConfigureAwait(false);
            if (value is null && targetType.IsValueType && Nullable.GetUnderlyingType(targetType) is null)
            {
                throw new InvalidDataException($"the stored value is null, which a {TypeNames.Of(targetType)} cannot hold");
            }

            return value;
        }
        catch (CorruptSerializedValueException e)
        {
            throw new XComCorruptedException(record.Key, $"XCom {record.Key}{where} is corrupted: its bytes are not valid {serializer.Format}: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw new XComTypeMismatchException(record.Key, $"XCom {record.Key}{where} cannot be read as {TypeNames.Of(targetType)}: {e.Message}", e);
        }
    }
}
