using Microsoft.Extensions.Configuration;

namespace Baton.Web;

/// <summary>Settings of section <c>webserver</c> (<c>BATON__WEBSERVER__…</c>).</summary>
public sealed class WebServerOptions
{
    /// <summary>The address the <c>webserver</c> command listens on (<c>BATON__WEBSERVER__HOST</c>); loopback only unless changed.</summary>
    [ConfigurationKeyName("host")]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The port the <c>webserver</c> command listens on (<c>BATON__WEBSERVER__PORT</c>); 0 picks a free one.</summary>
    [ConfigurationKeyName("port")]
    public int Port { get; set; } = 8080;

    /// <summary>
    /// <c>on</c> (the default): every request but <c>/health</c> must carry a user's session cookie or API token.
    /// <c>off</c>: requests without credentials act as <see cref="PublicRole"/> (Airflow's <c>AUTH_ROLE_PUBLIC</c>); the
    /// server logs a warning at start and the UI shows a banner (<c>BATON__WEBSERVER__AUTH</c>).
    /// </summary>
    [ConfigurationKeyName("auth")]
    public string Auth { get; set; } = "on";

    /// <summary>The role of requests without credentials when <see cref="Auth"/> is <c>off</c>: Viewer, User, Op or Admin (<c>BATON__WEBSERVER__PUBLIC_ROLE</c>).</summary>
    [ConfigurationKeyName("public_role")]
    public string PublicRole { get; set; } = "Admin";

    /// <summary>Whether authentication is on (<see cref="Auth"/> is not <c>off</c>/<c>false</c>).</summary>
    internal bool AuthEnabled => !(string.Equals(Auth, "off", StringComparison.OrdinalIgnoreCase) || string.Equals(Auth, "false", StringComparison.OrdinalIgnoreCase));
}
