using Microsoft.Extensions.Configuration;

namespace Baton.Configuration;

/// <summary>Settings of section <c>security</c> (<c>BATON__SECURITY__…</c>).</summary>
public sealed class SecurityOptions
{
    /// <summary>
    /// The key that encrypts connection secrets at rest: 32 bytes, base64 (<c>BATON__SECURITY__ENCRYPTION_KEY</c>).
    /// Empty to use (and on first use create) <c>{home}/encryption.key</c>, readable by its owner only.
    /// </summary>
    [ConfigurationKeyName("encryption_key")]
    public string EncryptionKey { get; set; } = "";
}
