using Dapper;

namespace Baton.Metadata.Sql;

/// <summary>
/// The <c>baton_user</c> and <c>user_token</c> tables: the web server's users (password hashes only) and their API tokens
/// (SHA-256 of the token text only). Hashing and checking are the web server's; this class only keeps the rows.
/// </summary>
internal sealed class SqlUserStore(SqlDialect dialect) : SqlStoreBase(dialect)
{
    private const string SelectUser =
        "SELECT username AS Username, role AS Role, password_hash AS PasswordHash, created_at AS CreatedAt, last_login_at AS LastLoginAt FROM baton_user";

    private const string SelectToken =
        "SELECT token_id AS TokenId, username AS Username, name AS Name, token_hash AS TokenHash, created_at AS CreatedAt, " +
        "expires_at AS ExpiresAt, last_used_at AS LastUsedAt, revoked_at AS RevokedAt FROM user_token";

    /// <summary>Adds a user; false when one with that name exists.</summary>
    public async Task<bool> CreateUserAsync(UserRecord user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        try
        {
            await WriteAsync((connection, ct) => connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO baton_user (username, role, password_hash, created_at, last_login_at) VALUES (@Username, @Role, @PasswordHash, @CreatedAt, @LastLoginAt)",
                new { user.Username, user.Role, user.PasswordHash, CreatedAt = DbTime.ToText(user.CreatedAt), LastLoginAt = DbTime.ToText(user.LastLoginAt) },
                cancellationToken: ct)), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (MetadataStoreException e) when (e.Kind == MetadataFailureKind.UniqueViolation)
        {
            return false;
        }
    }

    public Task<UserRecord?> GetUserAsync(string username, CancellationToken cancellationToken) => ReadAsync(async (connection, ct) =>
        (await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            SelectUser + " WHERE username = @username", new { username }, cancellationToken: ct)).ConfigureAwait(false))?.ToRecord(), cancellationToken);

    public Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken cancellationToken) => ReadAsync(async (connection, ct) =>
        (IReadOnlyList<UserRecord>)(await connection.QueryAsync<UserRow>(new CommandDefinition(
            SelectUser + " ORDER BY username", cancellationToken: ct)).ConfigureAwait(false)).Select(r => r.ToRecord()).ToList(), cancellationToken);

    public Task<long> CountUsersAsync(CancellationToken cancellationToken) => ReadAsync((connection, ct) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM baton_user", cancellationToken: ct)), cancellationToken);

    /// <summary>Deletes a user and its tokens; false when there was no such user.</summary>
    public async Task<bool> DeleteUserAsync(string username, CancellationToken cancellationToken) =>
        await TransactAsync(async (connection, transaction, ct) =>
        {
            // Not left to ON DELETE CASCADE alone: a database opened without foreign keys enforced would keep the tokens.
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM user_token WHERE username = @username", new { username }, transaction, cancellationToken: ct)).ConfigureAwait(false);
            return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM baton_user WHERE username = @username", new { username }, transaction, cancellationToken: ct)).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false) > 0;

    /// <summary>Replaces a user's password hash (a new password, or the same one rehashed with newer settings).</summary>
    public async Task<bool> SetPasswordHashAsync(string username, string passwordHash, CancellationToken cancellationToken) =>
        await WriteAsync((connection, ct) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE baton_user SET password_hash = @passwordHash WHERE username = @username", new { username, passwordHash }, cancellationToken: ct)),
            cancellationToken).ConfigureAwait(false) > 0;

    public Task RecordLoginAsync(string username, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync((connection, ct) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE baton_user SET last_login_at = @at WHERE username = @username", new { username, at = DbTime.ToText(at) }, cancellationToken: ct)),
            cancellationToken);

    /// <summary>Adds a token; false when the user already has a token of that name.</summary>
    /// <exception cref="MetadataStoreException">The user does not exist (a foreign key violation) or the database failed.</exception>
    public async Task<bool> CreateTokenAsync(ApiTokenRecord token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        try
        {
            await WriteAsync((connection, ct) => connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO user_token (token_id, username, name, token_hash, created_at, expires_at, last_used_at, revoked_at)
                VALUES (@TokenId, @Username, @Name, @TokenHash, @CreatedAt, @ExpiresAt, NULL, NULL)
                """,
                new { token.TokenId, token.Username, token.Name, token.TokenHash, CreatedAt = DbTime.ToText(token.CreatedAt), ExpiresAt = DbTime.ToText(token.ExpiresAt) },
                cancellationToken: ct)), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (MetadataStoreException e) when (e.Kind == MetadataFailureKind.UniqueViolation)
        {
            return false;
        }
    }

    public Task<ApiTokenRecord?> FindTokenByHashAsync(string tokenHash, CancellationToken cancellationToken) => ReadAsync(async (connection, ct) =>
        (await connection.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(
            SelectToken + " WHERE token_hash = @tokenHash", new { tokenHash }, cancellationToken: ct)).ConfigureAwait(false))?.ToRecord(), cancellationToken);

    /// <summary>The tokens of one user, or of every user when <paramref name="username"/> is null, by user and name.</summary>
    public Task<IReadOnlyList<ApiTokenRecord>> ListTokensAsync(string? username, CancellationToken cancellationToken) => ReadAsync(async (connection, ct) =>
        (IReadOnlyList<ApiTokenRecord>)(await connection.QueryAsync<TokenRow>(new CommandDefinition(
            SelectToken + (username is null ? "" : " WHERE username = @username") + " ORDER BY username, name", new { username }, cancellationToken: ct)).ConfigureAwait(false))
            .Select(r => r.ToRecord()).ToList(), cancellationToken);

    /// <summary>Marks a user's token revoked; false when the user has no token of that name or it was revoked already.</summary>
    public async Task<bool> RevokeTokenAsync(string username, string name, DateTimeOffset at, CancellationToken cancellationToken) =>
        await WriteAsync((connection, ct) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE user_token SET revoked_at = @at WHERE username = @username AND name = @name AND revoked_at IS NULL",
            new { username, name, at = DbTime.ToText(at) }, cancellationToken: ct)), cancellationToken).ConfigureAwait(false) > 0;

    public Task RecordTokenUseAsync(string tokenId, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync((connection, ct) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE user_token SET last_used_at = @at WHERE token_id = @tokenId", new { tokenId, at = DbTime.ToText(at) }, cancellationToken: ct)),
            cancellationToken);

    private sealed class UserRow
    {
        public string Username { get; set; } = "";
        public string Role { get; set; } = "";
        public string? PasswordHash { get; set; }
        public string CreatedAt { get; set; } = "";
        public string? LastLoginAt { get; set; }

        public UserRecord ToRecord() => new()
        {
            Username = Username, Role = Role, PasswordHash = PasswordHash, CreatedAt = DbTime.Parse(CreatedAt), LastLoginAt = DbTime.ParseOrNull(LastLoginAt),
        };
    }

    private sealed class TokenRow
    {
        public string TokenId { get; set; } = "";
        public string Username { get; set; } = "";
        public string Name { get; set; } = "";
        public string TokenHash { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string? ExpiresAt { get; set; }
        public string? LastUsedAt { get; set; }
        public string? RevokedAt { get; set; }

        public ApiTokenRecord ToRecord() => new()
        {
            TokenId = TokenId, Username = Username, Name = Name, TokenHash = TokenHash, CreatedAt = DbTime.Parse(CreatedAt),
            ExpiresAt = DbTime.ParseOrNull(ExpiresAt), LastUsedAt = DbTime.ParseOrNull(LastUsedAt), RevokedAt = DbTime.ParseOrNull(RevokedAt),
        };
    }
}
