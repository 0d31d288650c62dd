namespace Baton.Serialization;

/// <summary>
/// Optionally implemented by an <see cref="IXComSerializer"/> of tables (Parquet, Arrow), so a reader that shows values
/// as tables (the web server) gets the schema and the first rows as data rather than as text: read forward from the
/// serialized bytes, stopping at the rows it needs where the format allows.
/// </summary>
public interface IXComTablePreviewer
{
    /// <summary>The table's columns, its row count and its first <paramref name="maxRows"/> rows.</summary>
    /// <param name="serialized">The value's serialized bytes (decompressed, in this serializer's format); read forward only, not disposed.</param>
    /// <param name="maxRows">The most rows to return (0 for the schema and the count only).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="CorruptSerializedValueException">The bytes are not valid data of the serializer's format.</exception>
    Task<XComTablePreview> PreviewTableAsync(Stream serialized, int maxRows, CancellationToken cancellationToken = default);
}
