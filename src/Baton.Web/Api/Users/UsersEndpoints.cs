using Baton.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Baton.Web.Api.Users;

/// <summary><c>/users</c>: the users and their roles (Admin); they are created with <c>users create</c>.</summary>
internal static class UsersEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/users", async (UserService users, [FromQuery] string? limit, [FromQuery] string? offset, CancellationToken ct) =>
        {
            var all = await users.ListAsync(ct);
            return TypedResults.Ok(new UserCollectionJson(Paging.From(limit, offset).Of(all.Select(UserJson.From)), all.Count));
        })
            .RequireAuthorization(BatonRoles.Policy(BatonRole.Admin))
            .WithName("get_users").WithSummary("List users and their roles (Admin)");
}
