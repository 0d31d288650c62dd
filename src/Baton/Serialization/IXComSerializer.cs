namespace Baton.Serialization;

/// <summary>
/// Writes values of some types to a stream and reads them back into a declared type. The <see cref="Format"/> name is
/// stored with each value, so the reader picks the serializer by format, never by a type name found in the data.
/// </summary>
public interface IXComSerializer
{
    /// <summary>The format name stored with each value (e.g. <c>json</c>); unique in a registry.</summary>
    string Format { get; }

    /// <summary>The file extension of objects in this format (<c>json</c>, <c>bin</c>, <c>parquet</c>); the format name by default.</summary>
    string FileExtension => Format;

    /// <summary>True when this serializer writes values of the runtime type <paramref name="type"/>.</summary>
    bool CanSerialize(Type type);

    /// <summary>Writes <paramref name="value"/> to <paramref name="destination"/>.</summary>
    /// <exception cref="NotSupportedException">The value cannot be written; the message says why.</exception>
    ValueTask SerializeAsync(Stream destination, object? value, Type type, CancellationToken cancellationToken = default);

    /// <summary>Reads a value of <paramref name="targetType"/> from <paramref name="source"/>.</summary>
    /// <exception cref="InvalidDataException">The data cannot be read as <paramref name="targetType"/>; the message says why.</exception>
    ValueTask<object?> DeserializeAsync(Stream source, Type targetType, CancellationToken cancellationToken = default);
}
