namespace Baton.Connections;

/// <summary>A connection and where it is defined: <see cref="EnvironmentSource"/> or <see cref="DatabaseSource"/>.</summary>
/// <param name="Connection">The connection.</param>
/// <param name="Source">Where it is defined: <c>env</c> for a <c>BATON_CONN_*</c> variable, <c>database</c> for the metadata database.</param>
public sealed record ConnectionEntry(Connection Connection, string Source)
{
    /// <summary>The source of a connection defined by a <c>BATON_CONN_*</c> environment variable.</summary>
    public const string EnvironmentSource = "env";

    /// <summary>The source of a connection kept in the metadata database.</summary>
    public const string DatabaseSource = "database";
}
