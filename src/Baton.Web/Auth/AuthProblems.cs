using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Baton.Web.Auth;

/// <summary>The problem details of a 401 (no or refused credentials) and a 403 (a role that may not).</summary>
internal static class AuthProblems
{
    /// <summary>Where the role an endpoint needs is kept for the 403's detail.</summary>
    public const string RequiredRoleItem = "baton.auth.required-role";

    public static string ChallengeDetail(HttpContext context) =>
        context.Items[BearerTokenHandler.FailureItem] as string is { } why
            ? $"Authentication failed: {why}."
            : "Authentication needed: send an API token as 'Authorization: Bearer <token>' (create one with 'users create-token') or log in.";

    public static string ForbiddenDetail(HttpContext context, BatonRole? required)
    {
        var user = context.User;
        var role = BatonRoles.Of(user);
        required ??= context.Items[RequiredRoleItem] as BatonRole?;
        var needs = required is { } r ? $"; this needs the role {r} or above" : "";
        return $"User '{user.Identity?.Name}' has the role {role?.ToString() ?? "none"}{needs}.";
    }

    public static async Task WriteAsync(HttpContext context, int status, string detail)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        var problem = new ProblemDetails
        {
            Status = status, Title = status == 401 ? "Unauthorized" : "Forbidden", Detail = detail,
            Type = status == 401 ? "https://tools.ietf.org/html/rfc9110#section-15.5.2" : "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        };
        await Results.Problem(problem).ExecuteAsync(context).ConfigureAwait(false);
    }
}
