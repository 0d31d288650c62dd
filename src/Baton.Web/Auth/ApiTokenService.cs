using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Baton.Metadata;
using Baton.Metadata.Sql;

namespace Baton.Web.Auth;

/// <summary>
/// API tokens: 32 random bytes (base64url, after the prefix <c>baton_</c>) shown once at creation; only their SHA-256 is
/// stored, so a copy of the database logs nobody in. A token acts as its user with the user's current role, until it
/// expires, is revoked or the user is deleted; its last use is recorded to the minute.
/// </summary>
internal sealed partial class ApiTokenService(SqlUserStore store, TimeProvider timeProvider)
{
    /// <summary>What every token starts with, so secret scanners and people recognise one.</summary>
    public const string Prefix = "baton_";

    /// <summary>The rule a token's name follows.</summary>
    public const string NameRule = "use 1 to 100 letters, digits, '_', '.', '-' or spaces";

    /// <summary>How stale the recorded last use may be: one write per token and minute at most, not one per request.</summary>
    public static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    /// <summary>The stored form of a token: the hex SHA-256 of its text.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Creates a token for a user; its text is in the result and nowhere else.</summary>
    /// <exception cref="UserManagementException">The user does not exist, the name is bad or taken, or the expiry is past.</exception>
    public async Task<CreatedApiToken> CreateAsync(string username, string name, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        if (name is null || !NamePattern().IsMatch(name))
        {
            throw new UserManagementException($"invalid token name '{name}': {NameRule}");
        }

        var now = timeProvider.GetUtcNow();
        if (expiresAt is { } expiry && expiry <= now)
        {
            throw new UserManagementException($"the expiry {expiry.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} is in the past");
        }

        _ = await store.GetUserAsync(username, cancellationToken).ConfigureAwait(false) ?? throw new UserManagementException($"no user '{username}'");
        var token = Prefix + UserService.Base64Url(RandomNumberGenerator.GetBytes(32));
        var record = new ApiTokenRecord
        {
            TokenId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), Username = username, Name = name, TokenHash = Hash(token),
            CreatedAt = now, ExpiresAt = expiresAt,
        };
        if (!await store.CreateTokenAsync(record, cancellationToken).ConfigureAwait(false))
        {
            throw new UserManagementException($"user '{username}' already has a token named '{name}'; revoke it or choose another name");
        }

        return new CreatedApiToken(token, record);
    }

    /// <summary>The tokens of one user, or of everyone; never their text.</summary>
    public Task<IReadOnlyList<ApiTokenRecord>> ListAsync(string? username, CancellationToken cancellationToken = default) =>
        store.ListTokensAsync(username, cancellationToken);

    /// <summary>Revokes a user's token: from now on it is refused.</summary>
    /// <exception cref="UserManagementException">The user has no such token that is not revoked already.</exception>
    public async Task RevokeAsync(string username, string name, CancellationToken cancellationToken = default)
    {
        if (!await store.RevokeTokenAsync(username, name, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            throw new UserManagementException($"user '{username}' has no active token named '{name}'");
        }
    }

    /// <summary>Checks a token's text and records its use; says why when it is refused.</summary>
    public async Task<ApiTokenCheck> CheckAsync(string token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return ApiTokenCheck.Refused("the bearer token is not a Baton API token (they start with 'baton_'; create one with 'users create-token')");
        }

        var record = await store.FindTokenByHashAsync(Hash(token), cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        if (record is null)
        {
            return ApiTokenCheck.Refused("the API token is not known");
        }

        if (record.RevokedAt is not null)
        {
            return ApiTokenCheck.Refused($"the API token '{record.Name}' of user '{record.Username}' was revoked");
        }

        if (record.ExpiresAt is { } expiry && expiry <= now)
        {
            return ApiTokenCheck.Refused($"the API token '{record.Name}' of user '{record.Username}' has expired");
        }

        var user = await store.GetUserAsync(record.Username, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return ApiTokenCheck.Refused($"the user of API token '{record.Name}' no longer exists");
        }

        if (record.LastUsedAt is not { } used || now - used >= LastUseResolution)
        {
            await store.RecordTokenUseAsync(record.TokenId, now, cancellationToken).ConfigureAwait(false);
        }

        return new ApiTokenCheck(user, null);
    }

    [GeneratedRegex("^[A-Za-z0-9_. -]{1,100}$")]
    private static partial Regex NamePattern();
}
