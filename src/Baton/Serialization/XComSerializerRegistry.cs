namespace Baton.Serialization;

/// <summary>
/// The serializers an XCom backend can use. Writing picks the first registered serializer that claims the value's
/// runtime type (raw bytes for <c>byte[]</c> and streams; JSON, always last, claims everything else); reading picks by
/// the stored format name.
/// </summary>
public sealed class XComSerializerRegistry
{
    private readonly List<IXComSerializer> _serializers = [];

    /// <summary>Creates a registry holding the given serializers, then JSON as the fallback.</summary>
    public XComSerializerRegistry(IEnumerable<IXComSerializer> serializers)
    {
        ArgumentNullException.ThrowIfNull(serializers);
        foreach (var serializer in serializers)
        {
            Add(serializer);
        }

        if (!_serializers.Any(s => s.Format == BytesXComSerializer.FormatName))
        {
            Add(new BytesXComSerializer());
        }

        if (!_serializers.Any(s => s.Format == JsonXComSerializer.FormatName))
        {
            Add(new JsonXComSerializer());
        }
    }

    /// <summary>The serializers, in the order they are asked.</summary>
    public IReadOnlyList<IXComSerializer> Serializers => _serializers;

    /// <summary>The serializer for a value of runtime type <paramref name="type"/>.</summary>
    public IXComSerializer ForType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return _serializers.First(s => s.CanSerialize(type));
    }

    /// <summary>The serializer for a stored format name, or null when none is registered.</summary>
    public IXComSerializer? ForFormat(string format) => _serializers.FirstOrDefault(s => s.Format == format);

    private void Add(IXComSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        if (_serializers.Any(s => s.Format == serializer.Format))
        {
            throw new ArgumentException($"two XCom serializers use the format name '{serializer.Format}'", nameof(serializer));
        }

        // JSON claims every type, so it stays last whatever the registration order.
        var json = _serializers.FindIndex(s => s.Format == JsonXComSerializer.FormatName);
        if (json >= 0)
        {
            _serializers.Insert(json, serializer);
        }
        else
        {
            _serializers.Add(serializer);
        }
    }
}
