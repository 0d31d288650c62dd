using Baton.Metadata;

namespace Baton.Web.Auth;

/// <summary>What checking a bearer token found: its user, or why it is refused (unknown, revoked, expired, user gone).</summary>
internal sealed record ApiTokenCheck(UserRecord? User, string? Failure)
{
    public static ApiTokenCheck Refused(string why) => new(null, why);
}
