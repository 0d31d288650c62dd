using System.IO.Compression;

namespace Baton.Compression;

/// <summary>Brotli, fastest setting.</summary>
internal sealed class BrotliCompressionCodec : ICompressionCodec
{
    /// <inheritdoc />
    public string Name => "brotli";

    /// <inheritdoc />
    public string FileExtension => "br";

    /// <inheritdoc />
    public Stream Compress(Stream destination) => new BrotliStream(destination, CompressionLevel.Fastest, leaveOpen: true);

    /// <inheritdoc />
    public Stream Decompress(Stream source) => new BrotliStream(source, CompressionMode.Decompress, leaveOpen: true);
}
