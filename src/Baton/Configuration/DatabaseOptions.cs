using Microsoft.Extensions.Configuration;

namespace Baton.Configuration;

/// <summary>Settings of section <c>database</c> (<c>BATON__DATABASE__…</c>).</summary>
public sealed class DatabaseOptions
{
    /// <summary>The SQLite connection string; empty for <c>Data Source={home}/baton.db</c> (<c>BATON__DATABASE__CONNECTION_STRING</c>).</summary>
    [ConfigurationKeyName("connection_string")]
    public string ConnectionString { get; set; } = "";
}
