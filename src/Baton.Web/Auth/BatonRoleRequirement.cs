using Microsoft.AspNetCore.Authorization;

namespace Baton.Web.Auth;

/// <summary>An endpoint's need for a role or any role above it.</summary>
internal sealed class BatonRoleRequirement(BatonRole role) : AuthorizationHandler<BatonRoleRequirement>, IAuthorizationRequirement
{
    public BatonRole Role { get; } = role;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, BatonRoleRequirement requirement)
    {
        if (BatonRoles.Includes(context.User, requirement.Role))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
