using Baton.Configuration;

namespace Baton.Connections;

/// <summary>
/// Finds connections as Airflow does: first the environment variable <c>BATON_CONN_{CONN_ID}</c> (the id upper-cased),
/// holding the URI or the JSON form, then the metadata database.
/// </summary>
public sealed class ConnectionResolver
{
    /// <summary>The prefix of the environment variables that define connections.</summary>
    public const string EnvironmentVariablePrefix = "BATON_CONN_";

    private readonly IConnectionStore _store;
    private readonly BatonEnvironment _environment;

    /// <summary>Creates a resolver over the database store and the environment's variables.</summary>
    public ConnectionResolver(IConnectionStore store, BatonEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(environment);
        _store = store;
        _environment = environment;
    }

    /// <summary>The environment variable that defines connection <paramref name="connId"/>: <c>BATON_CONN_</c> and the id upper-cased.</summary>
    public static string EnvironmentVariableName(string connId)
    {
        ArgumentNullException.ThrowIfNull(connId);
        return EnvironmentVariablePrefix + connId.ToUpperInvariant();
    }

    /// <summary>Returns the connection: from its environment variable when set, otherwise from the metadata database.</summary>
    /// <exception cref="ConnectionNotFoundException">Neither defines it.</exception>
    /// <exception cref="ConnectionFormatException">The environment variable's value is malformed.</exception>
    /// <exception cref="ConnectionDecryptionException">The stored secrets cannot be decrypted with the current key.</exception>
    public async Task<Connection> GetConnectionAsync(string connId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connId);
        var variable = EnvironmentVariableName(connId);
        if (_environment.Get(variable) is { } value && !string.IsNullOrWhiteSpace(value))
        {
            return FromVariable(connId, variable, value);
        }

        return await _store.GetAsync(connId, cancellationToken).ConfigureAwait(false)
            ?? throw new ConnectionNotFoundException(connId,
                $"Connection '{connId}' was not found: environment variable {variable} is not set and the metadata database's " +
                "connection table has no row with that id.");
    }

    /// <summary>
    /// Returns every connection with its source, ordered by id: those of upper-case <c>BATON_CONN_*</c> variables (the id is
    /// the rest of the name, lower-cased) and those of the database, except a database one that a variable overrides.
    /// </summary>
    /// <exception cref="ConnectionFormatException">An environment variable's value is malformed.</exception>
    /// <exception cref="ConnectionDecryptionException">Stored secrets cannot be decrypted with the current key.</exception>
    public async Task<IReadOnlyList<ConnectionEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        var fromEnvironment = new Dictionary<string, ConnectionEntry>(StringComparer.Ordinal);
        foreach (var (name, value) in _environment.Variables)
        {
            if (name.Length > EnvironmentVariablePrefix.Length
                && name.StartsWith(EnvironmentVariablePrefix, StringComparison.Ordinal)
                && !string.IsNullOrWhiteSpace(value))
            {
                var connId = name[EnvironmentVariablePrefix.Length..].ToLowerInvariant();
                // Only upper-case names are listed: GetConnectionAsync looks the upper-cased id up and would not find the others.
                if (name == EnvironmentVariableName(connId))
                {
                    fromEnvironment[name] = new ConnectionEntry(FromVariable(connId, name, value), ConnectionEntry.EnvironmentSource);
                }
            }
        }

        var stored = await _store.ListAsync(cancellationToken).ConfigureAwait(false);
        return stored
            .Where(c => !fromEnvironment.ContainsKey(EnvironmentVariableName(c.ConnId)))
            .Select(c => new ConnectionEntry(c, ConnectionEntry.DatabaseSource))
            .Concat(fromEnvironment.Values)
            .OrderBy(e => e.Connection.ConnId, StringComparer.Ordinal)
            .ToList();
    }

    private static Connection FromVariable(string connId, string variable, string value)
    {
        try
        {
            return Connection.Parse(connId, value);
        }
        catch (ConnectionFormatException e)
        {
            throw new ConnectionFormatException(connId, $"{e.Message} (read from environment variable {variable})", e);
        }
    }
}
