using System.Data.Common;

namespace Baton.Metadata.Sql;

/// <summary>
/// The base of each aspect's queries: runs a read, a write or a write transaction on a connection of the dialect, and
/// turns the provider's errors into <see cref="MetadataStoreException"/> through the dialect.
/// </summary>
internal abstract class SqlStoreBase
{
    protected SqlStoreBase(SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        Dialect = dialect;
    }

    protected SqlDialect Dialect { get; }

    /// <summary>Runs <paramref name="read"/> on a connection of its own.</summary>
    protected async Task<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await Dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await read(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw Dialect.Translate(e);
        }
    }

    /// <summary>Runs one statement's worth of writing, <paramref name="write"/>, as its own (implicit) transaction.</summary>
    protected async Task<T> WriteAsync<T>(Func<DbConnection, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        using var turn = await Dialect.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await Dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await write(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw Dialect.Translate(e);
        }
    }

    /// <summary>Runs <paramref name="write"/> in one transaction, committed when it returns.</summary>
    protected async Task<T> TransactAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        using var turn = await Dialect.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await Dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var result = await write(connection, transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (DbException e)
        {
            throw Dialect.Translate(e);
        }
    }
}
