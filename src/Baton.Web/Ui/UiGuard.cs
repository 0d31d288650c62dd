using Baton.Web.Auth;
using Microsoft.AspNetCore.Http;

namespace Baton.Web.Ui;

/// <summary>
/// The role check of a page's form handler: a page a Viewer may see can hold buttons only a User may press, and the
/// buttons are hidden from those who may not, but a crafted POST is checked here too (403).
/// </summary>
internal static class UiGuard
{
    public static Task<bool> RoleAsync(HttpContext http, BatonRole role)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (BatonRoles.Includes(http.User, role))
        {
            return Task.FromResult(true);
        }

        UiStatus.Set(http, StatusCodes.Status403Forbidden);
        return Task.FromResult(false);
    }
}
