using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Baton.Web.Auth;

/// <summary>Authenticates <c>Authorization: Bearer baton_…</c> with <see cref="ApiTokenService"/>; a refused token fails with the reason.</summary>
internal sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>Where the reason a token was refused is kept for the 401's problem details.</summary>
    public const string FailureItem = "baton.auth.failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var check = await tokens.CheckAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted).ConfigureAwait(false);
        if (check.User is not { } user || !BatonRoles.TryParse(user.Role, out var role))
        {
            Context.Items[FailureItem] = check.Failure ?? "the API token's user has no valid role";
            return AuthenticateResult.Fail(check.Failure ?? "no valid role");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(BatonRoles.Principal(user.Username, role, "token"), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return AuthProblems.WriteAsync(Context, 401, AuthProblems.ChallengeDetail(Context));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthProblems.WriteAsync(Context, 403, AuthProblems.ForbiddenDetail(Context, null));
}
