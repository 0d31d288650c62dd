using Microsoft.Extensions.Configuration;

namespace Baton.Configuration;

/// <summary>Settings of section <c>xcom</c> (<c>BATON__XCOM__…</c>).</summary>
public sealed class XComOptions
{
    /// <summary>The name of the default backend.</summary>
    public const string DatabaseBackend = "database";

    /// <summary>
    /// Which backend stores XComs (<c>BATON__XCOM__BACKEND</c>): <c>database</c>, or the assembly-qualified name of a class
    /// deriving from <see cref="XComs.XComBackend"/>.
    /// </summary>
    [ConfigurationKeyName("backend")]
    public string Backend { get; set; } = DatabaseBackend;

    /// <summary>The largest value, in bytes, kept inline in the metadata database (<c>BATON__XCOM__MAX_INLINE_SIZE</c>).</summary>
    [ConfigurationKeyName("max_inline_size")]
    public long MaxInlineSize { get; set; } = 1024 * 1024;
}
