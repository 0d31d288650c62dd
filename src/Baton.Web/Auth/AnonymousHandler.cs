using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Baton.Web.Auth;

/// <summary>With <c>BATON__WEBSERVER__AUTH=off</c>: a request without credentials acts as user <c>anonymous</c> with the public role.</summary>
internal sealed class AnonymousHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, BatonEngine engine)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The name anonymous requests act under.</summary>
    public const string Username = "anonymous";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(
            BatonRoles.Principal(Username, BatonRoles.Parse(engine.Get<IOptions<WebServerOptions>>().Value.PublicRole), "anonymous"), Scheme.Name)));

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthProblems.WriteAsync(Context, 403, AuthProblems.ForbiddenDetail(Context, null));
}
