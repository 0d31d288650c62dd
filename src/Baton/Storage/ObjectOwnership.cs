using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Baton.Configuration;

namespace Baton.Storage;

/// <summary>
/// This Baton installation's identity in object stores, and the proof that it wrote an object: every object name it mints
/// carries an ownership tag, <c>HMAC-SHA256(installation key, directory + stamp + nonce)</c>, so only this installation
/// can make a name that verifies, and only objects whose names verify are ever deleted.
/// </summary>
/// <remarks>
/// <para>The installation key is 32 random bytes in <c>BATON_HOME/xcom-owner.key</c> (mode 0600), created on first use
/// beside the encryption key. Another installation (another BATON_HOME) sharing the prefix has another key, so neither
/// sweeps nor purges the other's values; a file that only looks like Baton's layout, a manifest copied from elsewhere or
/// a row edited to point at any other file fails the check and is left in place. Hosts that share one metadata
/// database must share this file too (copy it), as they share the encryption key; a lost key leaves the objects it
/// proved un-deletable by Baton (they are reported, never touched).</para>
/// <para>The tag is part of the name rather than only of the object's metadata because a name is all that a listing of
/// incomplete uploads (S3 multipart uploads, Azure uncommitted blocks, local temporary files) returns: the proof works
/// for those too, without a request per object.</para>
/// <para>A name is <c>{yyyyMMddTHHmmssZ}-{16 hex nonce}-{24 hex tag}.{extension}</c>; the tag covers the whole directory
/// key above the name, so a name moved or copied to another directory no longer verifies.</para>
/// </remarks>
public sealed partial class ObjectOwnership
{
    /// <summary>The file under <c>BATON_HOME</c> that holds the installation key.</summary>
    public const string KeyFileName = "xcom-owner.key";

    /// <summary>The metadata name under which objects record the installation id (for people and tools; the proof is the name).</summary>
    public const string MetadataName = "baton-owner";

    private const int KeySize = 32;
    private const int NonceLength = 16;
    private const int TagLength = 24;
    private readonly Lazy<byte[]> _key;
    private readonly Lazy<string> _installationId;

    /// <summary>Creates the identity of the installation at <paramref name="paths"/>; the key file is read (or created) on first use.</summary>
    public ObjectOwnership(BatonPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        KeyFilePath = Path.Combine(paths.Home, KeyFileName);
        // PublicationOnly: a failure (e.g. an unwritable home) is not cached, the next use tries again.
        _key = new Lazy<byte[]>(() => LoadKey(KeyFilePath), LazyThreadSafetyMode.PublicationOnly);
        _installationId = new Lazy<string>(() => Convert.ToHexStringLower(SHA256.HashData([.. "baton-installation\n"u8, .. _key.Value]))[..16]);
    }

    /// <summary>The file that holds the installation key.</summary>
    public string KeyFilePath { get; }

    /// <summary>A public id of this installation (16 hex digits derived from its key), stored as <see cref="MetadataName"/>.</summary>
    public string InstallationId => _installationId.Value;

    /// <summary>A new object name in <paramref name="directoryKey"/>, tagged as this installation's.</summary>
    /// <param name="directoryKey">The key of the directory the object goes to (everything before its last <c>/</c>).</param>
    /// <param name="extension">The name's extension, without the leading dot.</param>
    /// <param name="now">The time stamp the name starts with.</param>
    public string NewObjectName(string directoryKey, string extension, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(directoryKey);
        ArgumentException.ThrowIfNullOrEmpty(extension);
        var stem = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(NonceLength / 2));
        return $"{stem}-{Tag(directoryKey, stem)}.{extension}";
    }

    /// <summary>
    /// True when <paramref name="key"/> names an object this installation wrote: its last segment is a name minted by
    /// <see cref="NewObjectName"/> for its directory with this installation's key (an object, its manifest, or any other
    /// suffix added to such a name).
    /// </summary>
    public bool Owns(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.LastIndexOf('/');
        var directory = slash < 0 ? "" : key[..slash];
        var match = OwnedName().Match(slash < 0 ? key : key[(slash + 1)..]);
        if (!match.Success)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Tag(directory, match.Groups["stem"].Value));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(match.Groups["tag"].Value));
    }

    /// <summary>True when a name has the shape of the names Baton minted before ownership tags (<c>{stamp}-{32 hex}.{extension}</c>).</summary>
    public static bool IsLegacyName(string name) => LegacyName().IsMatch(name);

    private string Tag(string directoryKey, string stem)
    {
        var mac = HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes($"baton-xcom-object\n{directoryKey}\n{stem}"));
        return Convert.ToHexStringLower(mac)[..TagLength];
    }

    private static byte[] LoadKey(string path)
    {
        try
        {
            return KeyFile.LoadOrCreate(path, KeySize)
                ?? throw new BatonConfigurationException(
                    $"The XCom ownership key file {path} is not the base64 text of {KeySize} bytes. Restore it: without it Baton cannot prove " +
                    "which stored objects it wrote, and deletes none of them.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BatonConfigurationException($"The XCom ownership key file {path} cannot be read or created: {e.Message}", e);
        }
    }

    [GeneratedRegex(@"^(?<stem>\d{8}T\d{6}Z-[0-9a-f]{16})-(?<tag>[0-9a-f]{24})\.", RegexOptions.CultureInvariant)]
    private static partial Regex OwnedName();

    [GeneratedRegex(@"^\d{8}T\d{6}Z-[0-9a-f]{32}\.[A-Za-z0-9.]+$", RegexOptions.CultureInvariant)]
    private static partial Regex LegacyName();
}
