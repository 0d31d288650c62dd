using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;

namespace Baton.Web.Auth;

/// <summary>Role names, parsing, the claims that carry a role and the authorization policy of each role.</summary>
internal static class BatonRoles
{
    /// <summary>The role names, lowest first.</summary>
    public static IReadOnlyList<string> Names { get; } = Enum.GetNames<BatonRole>();

    /// <summary>Parses a role name, ignoring case.</summary>
    public static bool TryParse(string? name, out BatonRole role)
    {
        role = default;
        return name is not null && Enum.TryParse(name, ignoreCase: true, out role) && Enum.IsDefined(role) && !int.TryParse(name, out _);
    }

    /// <summary>Parses a role name, ignoring case.</summary>
    /// <exception cref="UserManagementException">It is not a role.</exception>
    public static BatonRole Parse(string? name) =>
        TryParse(name, out var role) ? role : throw new UserManagementException($"'{name}' is not a role; use one of {string.Join(", ", Names)}");

    /// <summary>The authorization policy that admits <paramref name="role"/> and every role above it.</summary>
    public static string Policy(BatonRole role) => "baton:" + role;

    /// <summary>The role of an authenticated principal, or null.</summary>
    public static BatonRole? Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.IsAuthenticated == true && TryParse(user.FindFirstValue(ClaimTypes.Role), out var role) ? role : null;
    }

    /// <summary>Whether the principal's role is <paramref name="required"/> or above.</summary>
    public static bool Includes(ClaimsPrincipal user, BatonRole required) => Of(user) is { } role && role >= required;

    /// <summary>A principal for a user: name, role and how it authenticated (<c>password</c>, <c>token</c>, <c>anonymous</c>).</summary>
    [SuppressMessage("Reliability", "CA2000", Justification = "ClaimsIdentity holds nothing to dispose.")]
    public static ClaimsPrincipal Principal(string username, BatonRole role, string authenticationType) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, username), new Claim(ClaimTypes.Role, role.ToString())],
            authenticationType, ClaimTypes.Name, ClaimTypes.Role));
}
