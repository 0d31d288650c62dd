namespace Baton.Metadata;

/// <summary>An API token of a user, as stored: its public id and name, the SHA-256 of its text (never the text), and its times.</summary>
internal sealed record ApiTokenRecord
{
    /// <summary>The token's public handle.</summary>
    public required string TokenId { get; init; }

    /// <summary>The user the token acts as.</summary>
    public required string Username { get; init; }

    /// <summary>The token's name, unique per user.</summary>
    public required string Name { get; init; }

    /// <summary>The hex SHA-256 of the token's text.</summary>
    public required string TokenHash { get; init; }

    /// <summary>When the token was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>After this time the token is refused; null for never.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When a request last used the token.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>When the token was revoked; a revoked token is refused.</summary>
    public DateTimeOffset? RevokedAt { get; init; }
}
