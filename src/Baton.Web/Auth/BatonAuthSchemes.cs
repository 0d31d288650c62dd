namespace Baton.Web.Auth;

/// <summary>The authentication schemes of the web server.</summary>
internal static class BatonAuthSchemes
{
    /// <summary>The default scheme: forwards to <see cref="Bearer"/> when a request carries <c>Authorization: Bearer</c>, to <see cref="Anonymous"/> when auth is off and the request has no credentials, else to <see cref="Cookie"/>.</summary>
    public const string Default = "Baton";

    /// <summary>API tokens in <c>Authorization: Bearer …</c>.</summary>
    public const string Bearer = "BatonBearer";

    /// <summary>The UI's session cookie, set by a login form.</summary>
    public const string Cookie = "BatonCookie";

    /// <summary>Requests without credentials when <c>BATON__WEBSERVER__AUTH=off</c>: they act as the public role.</summary>
    public const string Anonymous = "BatonAnonymous";

    /// <summary>The name of the UI's session cookie.</summary>
    public const string CookieName = "baton.session";
}
