namespace Baton.Connections;

/// <summary>The connections kept in the metadata database, their password and extra encrypted at rest.</summary>
/// <remarks>
/// This is the database only; <see cref="ConnectionResolver"/> also reads <c>BATON_CONN_*</c> environment variables,
/// which win over the database, and is what tasks should use.
/// </remarks>
public interface IConnectionStore
{
    /// <summary>Adds the connection, or replaces every field of the one with the same <see cref="Connection.ConnId"/>.</summary>
    /// <exception cref="ConnectionFormatException">The connection id, the type or the extra is malformed.</exception>
    Task UpsertAsync(Connection connection, CancellationToken cancellationToken = default);

    /// <summary>Returns the connection with the id, or null.</summary>
    /// <exception cref="ConnectionDecryptionException">Its secrets cannot be decrypted with the current key.</exception>
    Task<Connection?> GetAsync(string connId, CancellationToken cancellationToken = default);

    /// <summary>Returns every connection, ordered by id.</summary>
    /// <exception cref="ConnectionDecryptionException">The secrets of one of them cannot be decrypted with the current key.</exception>
    Task<IReadOnlyList<Connection>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the connection with the id; returns false when there was none.</summary>
    Task<bool> DeleteAsync(string connId, CancellationToken cancellationToken = default);
}
