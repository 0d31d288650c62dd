namespace Baton.Compression;

/// <summary>The codecs known by name: <c>none</c>, <c>gzip</c>, <c>zstd</c>, <c>brotli</c>, and any a user registers.</summary>
internal sealed class CompressionCodecRegistry
{
    private readonly Dictionary<string, ICompressionCodec> _codecs = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the registry with the built-in codecs and the given ones (which win on a name clash).</summary>
    public CompressionCodecRegistry(IEnumerable<ICompressionCodec> codecs)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        foreach (var codec in new ICompressionCodec[] { new NoCompressionCodec(), new GzipCompressionCodec(), new ZstdCompressionCodec(), new BrotliCompressionCodec() }.Concat(codecs))
        {
            _codecs[codec.Name] = codec;
        }
    }

    /// <summary>The known names.</summary>
    public IEnumerable<string> Names => _codecs.Keys.Order(StringComparer.Ordinal);

    /// <summary>Returns the codec with this name, or null.</summary>
    public ICompressionCodec? Find(string name) => _codecs.GetValueOrDefault(name);
}
