using Baton.Compression;
using Baton.Configuration;

namespace Baton.XComs.Backends;

/// <summary>The codec <c>BATON__XCOM__COMPRESSION</c> selects for new values.</summary>
internal static class XComCodecs
{
    public static ICompressionCodec Configured(CompressionCodecRegistry codecs, XComOptions options) =>
        codecs.Find(options.Compression)
        ?? throw new BatonConfigurationException($"BATON__XCOM__COMPRESSION='{options.Compression}' is not a known compression; use one of {string.Join(", ", codecs.Names)}.");
}
