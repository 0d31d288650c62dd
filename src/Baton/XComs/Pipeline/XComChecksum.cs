using System.Globalization;
using System.IO.Hashing;

namespace Baton.XComs.Pipeline;

/// <summary>The checksum of stored XCom bytes: XXH3 64-bit (fast enough to stay off the critical path), written <c>xxh3:hex</c>.</summary>
internal static class XComChecksum
{
    public const string Prefix = "xxh3:";

    public static NonCryptographicHashAlgorithm Create() => new XxHash3();

    public static string Format(NonCryptographicHashAlgorithm hash) =>
        Prefix + Convert.ToHexStringLower(hash.GetCurrentHash());

    public static bool IsSupported(string? checksum) =>
        checksum is null || checksum.StartsWith(Prefix, StringComparison.Ordinal);

    public static string Describe(long size) => size.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
}
