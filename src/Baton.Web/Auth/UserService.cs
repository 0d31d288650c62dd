using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Baton.Metadata;
using Baton.Metadata.Sql;
using Microsoft.AspNetCore.Identity;

namespace Baton.Web.Auth;

/// <summary>
/// Creates, lists and deletes the web server's users and sets their passwords, hashed with ASP.NET Core Identity's
/// <see cref="PasswordHasher{TUser}"/>: what <c>users create|list|delete</c> and Admin → Users call.
/// </summary>
internal sealed partial class UserService(SqlUserStore store, IPasswordHasher<UserRecord> hasher, TimeProvider timeProvider)
{
    /// <summary>The shortest password accepted.</summary>
    public const int MinPasswordLength = 8;

    /// <summary>The rule a username follows.</summary>
    public const string UsernameRule = "use 1 to 64 letters, digits, '_', '.', '@' or '-'";

    /// <summary>A random password: 18 bytes, base64url (24 characters), for <c>users create</c> without a password.</summary>
    public static string GeneratePassword() => Base64Url(RandomNumberGenerator.GetBytes(18));

    /// <summary>Adds a user with a role and a password.</summary>
    /// <exception cref="UserManagementException">The name, role or password is not acceptable, or the user exists.</exception>
    public async Task<UserRecord> CreateAsync(string username, string role, string password, CancellationToken cancellationToken = default)
    {
        CheckUsername(username);
        var parsed = BatonRoles.Parse(role);
        CheckPassword(password);
        var user = new UserRecord { Username = username, Role = parsed.ToString(), CreatedAt = timeProvider.GetUtcNow() };
        user = user with { PasswordHash = hasher.HashPassword(user, password) };
        if (!await store.CreateUserAsync(user, cancellationToken).ConfigureAwait(false))
        {
            throw new UserManagementException($"user '{username}' exists already");
        }

        return user;
    }

    /// <summary>Every user, by name.</summary>
    public Task<IReadOnlyList<UserRecord>> ListAsync(CancellationToken cancellationToken = default) => store.ListUsersAsync(cancellationToken);

    /// <summary>How many users exist (<c>standalone</c> creates an admin when none does).</summary>
    public Task<long> CountAsync(CancellationToken cancellationToken = default) => store.CountUsersAsync(cancellationToken);

    /// <summary>The user, or null.</summary>
    public Task<UserRecord?> FindAsync(string username, CancellationToken cancellationToken = default) => store.GetUserAsync(username, cancellationToken);

    /// <summary>Deletes a user and its API tokens.</summary>
    /// <exception cref="UserManagementException">There is no such user.</exception>
    public async Task DeleteAsync(string username, CancellationToken cancellationToken = default)
    {
        if (!await store.DeleteUserAsync(username, cancellationToken).ConfigureAwait(false))
        {
            throw new UserManagementException($"no user '{username}'");
        }
    }

    /// <summary>Sets a user's password.</summary>
    /// <exception cref="UserManagementException">There is no such user, or the password is too short.</exception>
    public async Task SetPasswordAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        CheckPassword(password);
        var user = await store.GetUserAsync(username, cancellationToken).ConfigureAwait(false) ?? throw new UserManagementException($"no user '{username}'");
        await store.SetPasswordHashAsync(username, hasher.HashPassword(user, password), cancellationToken).ConfigureAwait(false);
    }

    /// <exception cref="UserManagementException">The name breaks <see cref="UsernameRule"/>.</exception>
    public static void CheckUsername(string? username)
    {
        if (username is null || !UsernamePattern().IsMatch(username))
        {
            throw new UserManagementException($"invalid username '{username}': {UsernameRule}");
        }
    }

    private static void CheckPassword(string? password)
    {
        if (password is null || password.Length < MinPasswordLength)
        {
            throw new UserManagementException($"a password must have at least {MinPasswordLength} characters");
        }
    }

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("^[A-Za-z0-9_.@-]{1,64}$")]
    private static partial Regex UsernamePattern();
}
