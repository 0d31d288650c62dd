using Baton.Connections;
using Dapper;

namespace Baton.Metadata.Sql;

/// <summary>The connection store on the <c>connection</c> table; password and extra are encrypted before they reach it.</summary>
internal sealed class SqlConnectionStore : SqlStoreBase, IConnectionStore
{
    private const string PasswordField = "password";
    private const string ExtraField = "extra";

    private const string Select =
        "SELECT conn_id AS ConnId, conn_type AS ConnType, description AS Description, host AS Host, schema AS Schema, login AS Login, " +
        "password_encrypted AS PasswordEncrypted, port AS Port, extra_encrypted AS ExtraEncrypted FROM connection";

    private readonly ConnectionSecretProtector _protector;

    public SqlConnectionStore(SqlDialect dialect, ConnectionSecretProtector protector) : base(dialect)
    {
        ArgumentNullException.ThrowIfNull(protector);
        _protector = protector;
    }

    public Task UpsertAsync(Connection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ConnectionFields.ValidateConnId(connection.ConnId);
        if (string.IsNullOrWhiteSpace(connection.ConnType))
        {
            throw new ConnectionFormatException(connection.ConnId, $"Connection '{connection.ConnId}' has no connection type.");
        }

        ConnectionFields.ParseExtra(connection.ConnId, connection.Extra);
        var row = new ConnectionRow
        {
            ConnId = connection.ConnId,
            ConnType = connection.ConnType,
            Description = connection.Description,
            Host = connection.Host,
            Schema = connection.Schema,
            Login = connection.Login,
            PasswordEncrypted = _protector.Protect(connection.ConnId, PasswordField, connection.Password),
            Port = connection.Port,
            ExtraEncrypted = _protector.Protect(connection.ConnId, ExtraField, connection.Extra),
        };

        return WriteAsync((db, ct) => db.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO connection (conn_id, conn_type, description, host, schema, login, password_encrypted, port, extra_encrypted)
            VALUES (@ConnId, @ConnType, @Description, @Host, @Schema, @Login, @PasswordEncrypted, @Port, @ExtraEncrypted)
            ON CONFLICT (conn_id) DO UPDATE SET conn_type = excluded.conn_type, description = excluded.description, host = excluded.host,
                schema = excluded.schema, login = excluded.login, password_encrypted = excluded.password_encrypted, port = excluded.port,
                extra_encrypted = excluded.extra_encrypted
            """,
            row, cancellationToken: ct)), cancellationToken);
    }

    public async Task<Connection?> GetAsync(string connId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connId);
        var row = await ReadAsync((db, ct) => db.QuerySingleOrDefaultAsync<ConnectionRow>(new CommandDefinition(
            Select + " WHERE conn_id = @connId", new { connId }, cancellationToken: ct)), cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToConnection(row);
    }

    public async Task<IReadOnlyList<Connection>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rows = await ReadAsync((db, ct) => db.QueryAsync<ConnectionRow>(new CommandDefinition(
            Select + " ORDER BY conn_id", cancellationToken: ct)), cancellationToken).ConfigureAwait(false);
        return rows.Select(ToConnection).ToList();
    }

    public async Task<bool> DeleteAsync(string connId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connId);
        return await WriteAsync((db, ct) => db.ExecuteAsync(new CommandDefinition(
            "DELETE FROM connection WHERE conn_id = @connId", new { connId }, cancellationToken: ct)), cancellationToken).ConfigureAwait(false) > 0;
    }

    private Connection ToConnection(ConnectionRow row) => new()
    {
        ConnId = row.ConnId,
        ConnType = row.ConnType,
        Description = row.Description,
        Host = row.Host,
        Schema = row.Schema,
        Login = row.Login,
        Password = _protector.Unprotect(row.ConnId, PasswordField, row.PasswordEncrypted),
        Port = row.Port is { } port ? checked((int)port) : null,
        Extra = _protector.Unprotect(row.ConnId, ExtraField, row.ExtraEncrypted),
    };

    private sealed class ConnectionRow
    {
        public string ConnId { get; set; } = "";
        public string ConnType { get; set; } = "";
        public string? Description { get; set; }
        public string? Host { get; set; }
        public string? Schema { get; set; }
        public string? Login { get; set; }
        public byte[]? PasswordEncrypted { get; set; }
        public long? Port { get; set; }
        public byte[]? ExtraEncrypted { get; set; }
    }
}
