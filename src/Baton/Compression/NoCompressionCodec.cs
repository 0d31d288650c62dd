using Baton.IO;

namespace Baton.Compression;

/// <summary>No compression: the bytes pass through.</summary>
internal sealed class NoCompressionCodec : ICompressionCodec
{
    /// <summary>The name, <c>none</c>.</summary>
    public const string CodecName = "none";

    /// <inheritdoc />
    public string Name => CodecName;

    /// <inheritdoc />
    public string FileExtension => "";

    /// <inheritdoc />
    public Stream Compress(Stream destination) => new NonClosingStream(destination);

    /// <inheritdoc />
    public Stream Decompress(Stream source) => new NonClosingStream(source);
}
