using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Baton.Web.Auth;

/// <summary>
/// Answers a refused request to one of Baton's API endpoints (<c>/api/…</c>) with problem details: 401 naming what is
/// missing or why a token was refused, 403 naming the user's role and the role needed. Other endpoints (the UI's pages,
/// the app's own) get ASP.NET Core's default (a challenge redirects to the login page).
/// </summary>
internal sealed class BatonAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var required = policy.Requirements.OfType<BatonRoleRequirement>().Select(r => (BatonRole?)r.Role).Max();
        if (required is null || !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            // A page: the cookie scheme's access-denied event writes the 403 page, naming the role needed.
            context.Items[AuthProblems.RequiredRoleItem] = required;
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }

        if (authorizeResult.Challenged)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return AuthProblems.WriteAsync(context, 401, AuthProblems.ChallengeDetail(context));
        }

        if (authorizeResult.Forbidden)
        {
            // A token or session that authenticated, then refused for its role; a request without credentials is challenged.
            return context.User.Identity?.IsAuthenticated == true
                ? AuthProblems.WriteAsync(context, 403, AuthProblems.ForbiddenDetail(context, required))
                : AuthProblems.WriteAsync(context, 401, AuthProblems.ChallengeDetail(context));
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
