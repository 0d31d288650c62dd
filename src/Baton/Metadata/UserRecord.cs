namespace Baton.Metadata;

/// <summary>A user of the web server: name, role and password hash (never the password).</summary>
internal sealed record UserRecord
{
    /// <summary>The login name.</summary>
    public required string Username { get; init; }

    /// <summary>The role's name: <c>Viewer</c>, <c>User</c>, <c>Op</c> or <c>Admin</c>.</summary>
    public required string Role { get; init; }

    /// <summary>The password as ASP.NET Core Identity's <c>PasswordHasher</c> hashed it; null for a user who logs in with tokens only.</summary>
    public string? PasswordHash { get; init; }

    /// <summary>When the user was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the user last logged in with the password.</summary>
    public DateTimeOffset? LastLoginAt { get; init; }
}
