using Parquet;

namespace Baton.DataFrames.Parquet;

/// <summary>The names of Parquet compression methods in settings.</summary>
internal static class ParquetCompressions
{
    private static readonly Dictionary<string, CompressionMethod> Methods = new(StringComparer.OrdinalIgnoreCase)
    {
        ["none"] = CompressionMethod.None,
        ["snappy"] = CompressionMethod.Snappy,
        ["zstd"] = CompressionMethod.Zstd,
        ["gzip"] = CompressionMethod.Gzip,
        ["brotli"] = CompressionMethod.Brotli,
        ["lz4"] = CompressionMethod.Lz4Raw,
    };

    public static IEnumerable<string> Names => Methods.Keys;

    public static CompressionMethod? Find(string? name) => name is not null && Methods.TryGetValue(name, out var method) ? method : null;
}
