namespace Baton.Serialization;

/// <summary>
/// Optionally implemented by an <see cref="IXComSerializer"/> whose format is not text (Parquet, Arrow), so the command
/// line can show a stored value without a program: its shape (for a table, the columns with their types and the row
/// count) and its first rows as a text table.
/// </summary>
public interface IXComValuePreviewer
{
    /// <summary>Describes the serialized value read from <paramref name="serialized"/> (decompressed bytes in this serializer's format).</summary>
    /// <param name="serialized">The value's serialized bytes; read forward only, not disposed.</param>
    /// <param name="maxRows">The most rows (or items) to show.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Text for a terminal: a few header lines, then the first rows.</returns>
    /// <exception cref="CorruptSerializedValueException">The bytes are not valid data of the serializer's format.</exception>
    Task<string> PreviewAsync(Stream serialized, int maxRows, CancellationToken cancellationToken = default);
}
