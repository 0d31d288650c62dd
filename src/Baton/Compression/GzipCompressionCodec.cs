using System.IO.Compression;

namespace Baton.Compression;

/// <summary>gzip (RFC 1952), readable by every tool; fastest setting, as XComs favour speed over ratio.</summary>
internal sealed class GzipCompressionCodec : ICompressionCodec
{
    /// <inheritdoc />
    public string Name => "gzip";

    /// <inheritdoc />
    public string FileExtension => "gz";

    /// <inheritdoc />
    public Stream Compress(Stream destination) => new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true);

    /// <inheritdoc />
    public Stream Decompress(Stream source) => new GZipStream(source, CompressionMode.Decompress, leaveOpen: true);
}
