namespace Baton.Compression;

/// <summary>A compression applied around an XCom's byte stream; its <see cref="Name"/> is stored with each value.</summary>
public interface ICompressionCodec
{
    /// <summary>The name stored with each value and used in settings (<c>none</c>, <c>gzip</c>, <c>zstd</c>, <c>brotli</c>).</summary>
    string Name { get; }

    /// <summary>The file extension it adds (<c>gz</c>, <c>zst</c>), or empty.</summary>
    string FileExtension { get; }

    /// <summary>Wraps <paramref name="destination"/> in a stream that compresses what is written to it; disposing it flushes and leaves the destination open.</summary>
    Stream Compress(Stream destination);

    /// <summary>Wraps <paramref name="source"/> in a stream that reads it decompressed; disposing it leaves the source open.</summary>
    Stream Decompress(Stream source);
}
