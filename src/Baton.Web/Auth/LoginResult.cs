using System.Security.Claims;

namespace Baton.Web.Auth;

/// <summary>The outcome of a login: the principal to sign in, or why not (wrong credentials, too many attempts).</summary>
internal sealed record LoginResult(ClaimsPrincipal? Principal, string? Failure, TimeSpan? RetryAfter = null)
{
    public bool Succeeded => Principal is not null;
}
