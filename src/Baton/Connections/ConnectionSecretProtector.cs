using System.Security.Cryptography;
using System.Text;
using Baton.Configuration;
using Microsoft.Extensions.Options;

namespace Baton.Connections;

/// <summary>
/// Encrypts connection secrets at rest with AES-256-GCM. A stored value is a version byte, a random 12-byte nonce, the
/// 16-byte tag and the ciphertext; the connection id and the field are authenticated with it, so a value copied to another
/// connection or column does not decrypt.
/// </summary>
/// <remarks>
/// The key is <see cref="SecurityOptions.EncryptionKey"/> when set, otherwise the key file under the home directory,
/// created on first use with 32 random bytes and readable by its owner only.
/// </remarks>
internal sealed class ConnectionSecretProtector
{
    /// <summary>The setting that holds the key.</summary>
    public const string KeySetting = "BATON__SECURITY__ENCRYPTION_KEY";

    private const byte FormatVersion = 1;
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    private readonly Lazy<byte[]> _key;
    private readonly string _keySource;

    public ConnectionSecretProtector(IOptions<SecurityOptions> options, BatonPaths paths)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(paths);
        var configured = options.Value.EncryptionKey?.Trim() ?? "";
        if (configured.Length > 0)
        {
            _keySource = KeySetting;
            var key = DecodeKey(configured)
                ?? throw new BatonConfigurationException(
                    $"{KeySetting} (security:encryption_key) must be the base64 text of {KeySize} random bytes; the configured value is not. " +
                    $"Generate one with: openssl rand -base64 {KeySize}");
            _key = new Lazy<byte[]>(key);
        }
        else
        {
            _keySource = paths.EncryptionKeyFile;
            // PublicationOnly: a failure (e.g. an unwritable home) is not cached, the next use tries again.
            _key = new Lazy<byte[]>(() => LoadOrCreateKeyFile(paths.EncryptionKeyFile), LazyThreadSafetyMode.PublicationOnly);
        }
    }

    /// <summary>Encrypts <paramref name="plaintext"/> for field <paramref name="field"/> of connection <paramref name="connId"/>; null stays null.</summary>
    public byte[]? Protect(string connId, string field, string? plaintext)
    {
        if (plaintext is null)
        {
            return null;
        }

        var plain = Encoding.UTF8.GetBytes(plaintext);
        var blob = new byte[HeaderSize + plain.Length];
        blob[0] = FormatVersion;
        var nonce = blob.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key.Value, TagSize);
        aes.Encrypt(nonce, plain, blob.AsSpan(HeaderSize), blob.AsSpan(1 + NonceSize, TagSize), AssociatedData(connId, field));
        CryptographicOperations.ZeroMemory(plain);
        return blob;
    }

    /// <summary>Decrypts a value that <see cref="Protect"/> made for the same connection and field; null stays null.</summary>
    /// <exception cref="ConnectionDecryptionException">The key is not the one the value was encrypted with, or the value was altered.</exception>
    public string? Unprotect(string connId, string field, byte[]? blob)
    {
        if (blob is null)
        {
            return null;
        }

        if (blob.Length < HeaderSize || blob[0] != FormatVersion)
        {
            throw new ConnectionDecryptionException(connId,
                $"The {field} of connection '{connId}' could not be decrypted: the stored value is not in Baton's encrypted format " +
                $"(version {FormatVersion}); it was altered or written by another version.");
        }

        var plain = new byte[blob.Length - HeaderSize];
        try
        {
            using var aes = new AesGcm(_key.Value, TagSize);
            aes.Decrypt(blob.AsSpan(1, NonceSize), blob.AsSpan(HeaderSize), blob.AsSpan(1 + NonceSize, TagSize), plain, AssociatedData(connId, field));
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new ConnectionDecryptionException(connId,
                $"The {field} of connection '{connId}' could not be decrypted: the encryption key ({_keySource}) may have changed " +
                "since it was stored, or the stored value was altered. Restore the original key, or set the connection again.", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static byte[] AssociatedData(string connId, string field) => Encoding.UTF8.GetBytes($"baton-connection\0{connId}\0{field}");

    private static byte[]? DecodeKey(string text) => KeyFile.Decode(text, KeySize);

    private static byte[] LoadOrCreateKeyFile(string path) =>
        KeyFile.LoadOrCreate(path, KeySize)
            ?? throw new BatonConfigurationException(
                $"The encryption key file {path} is not the base64 text of {KeySize} bytes. Restore it, or set {KeySetting}; " +
                "connection secrets stored with the lost key cannot be read again.");
}
