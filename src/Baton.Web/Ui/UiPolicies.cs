using Baton.Web.Auth;

namespace Baton.Web.Ui;

/// <summary>The role policies as constants, for the pages' <c>[Authorize(Policy = …)]</c> attributes.</summary>
internal static class UiPolicies
{
    public const string Viewer = "baton:" + nameof(BatonRole.Viewer);

    public const string User = "baton:" + nameof(BatonRole.User);

    public const string Op = "baton:" + nameof(BatonRole.Op);

    public const string Admin = "baton:" + nameof(BatonRole.Admin);
}
