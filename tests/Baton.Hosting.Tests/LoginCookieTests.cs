using System.Net;
using System.Text.RegularExpressions;
using Baton.Configuration;
using Baton.Hosting.Tests.Support;
using Baton.TestApp;
using Baton.Web;
using Baton.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Baton.Hosting.Tests;

/// <summary>
/// The data protection keys that sign the UI's session cookie live in <c>BATON_HOME/keys</c> (0700): a cookie issued for
/// a home is accepted by <c>standalone</c> and by <c>webserver</c> on that home, across restarts (real processes), and
/// refused by a server on another home.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class LoginCookieTests : IDisposable
{
    private static readonly TimeSpan Watchdog = TimeSpan.FromMinutes(1);

    private readonly CliRunner _cli = new(dagAssembly: typeof(GatedDag).Assembly);
    private readonly CliRunner _other = new(dagAssembly: typeof(GatedDag).Assembly);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _cli.Dispose();
        _other.Dispose();
    }

    [Fact]
    public async Task SessionCookie_IsAcceptedByStandaloneAndWebserverOnTheSameHomeAcrossRestarts_AndRefusedOnAnotherHome()
    {
        Assert.Equal(0, (await _cli.RunAsync("users", "create", "--username", "ada", "--role", "Viewer", "--password", "password-ada")).ExitCode);
        string cookie;
        await using (var first = await StartAsync(_cli, "standalone"))
        {
            var keys = Path.Combine(_cli.BatonHome, "keys");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys));
            Assert.Single(Directory.EnumerateFiles(keys, "key-*.xml"));
            cookie = SessionCookie(_cli, "ada", BatonRole.Viewer);
            Assert.Equal(HttpStatusCode.OK, await GetDagsAsync(first.Url, cookie));
            Assert.Equal(HttpStatusCode.Unauthorized, await GetDagsAsync(first.Url, null));
        }

        await using (var restarted = await StartAsync(_cli, "webserver"))
        {
            Assert.Equal(HttpStatusCode.OK, await GetDagsAsync(restarted.Url, cookie));
        }

        await using (var again = await StartAsync(_cli, "standalone"))
        {
            Assert.Equal(HttpStatusCode.OK, await GetDagsAsync(again.Url, cookie));
        }

        Assert.Single(Directory.EnumerateFiles(Path.Combine(_cli.BatonHome, "keys"), "key-*.xml"));
        Assert.Equal(0, (await _other.RunAsync("users", "create", "--username", "ada", "--role", "Viewer", "--password", "password-ada")).ExitCode);
        await using var elsewhere = await StartAsync(_other, "webserver");
        Assert.Equal(HttpStatusCode.Unauthorized, await GetDagsAsync(elsewhere.Url, cookie));
    }

    /// <summary>
    /// The cookie a login form signs in with, made by the cookie scheme of the commands' web host on <paramref name="cli"/>'s
    /// home (built, not started): its ticket format, protected with that home's keys, as the login page's sign-in writes it.
    /// </summary>
    private static string SessionCookie(CliRunner cli, string username, BatonRole role)
    {
        var environment = BatonEnvironment.Create(cli.Home, new Dictionary<string, string> { ["BATON_HOME"] = cli.BatonHome });
        var builder = BatonApp.CreateBuilder(new BatonAppOptions { Environment = environment });
        builder.Services.AddWebServerSettings().AddBatonUsers();
        using var engine = builder.Build();
        var web = WebServerHost.Build(engine.Services, "127.0.0.1", 0);
        try
        {
            var options = web.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(BatonAuthSchemes.Cookie);
            var now = DateTimeOffset.UtcNow;
            var ticket = new AuthenticationTicket(BatonRoles.Principal(username, role, "password"),
                new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + options.ExpireTimeSpan }, BatonAuthSchemes.Cookie);
            return options.TicketDataFormat.Protect(ticket);
        }
        finally
        {
            web.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static async Task<HttpStatusCode> GetDagsAsync(string url, string? cookie)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(url) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/dags");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"{BatonAuthSchemes.CookieName}={cookie}");
        }

        using var response = await http.SendAsync(request, Ct);
        return response.StatusCode;
    }

    private static async Task<Server> StartAsync(CliRunner cli, string command)
    {
        var app = TestAppProcess.Start(cli.Home, cli.BatonHome, command, "--port", "0");
        await app.WaitForOutputAsync("Web server listening on", Ct);
        return new Server(app, ListeningUrl().Match(app.OutputSoFar).Groups[1].Value);
    }

    [GeneratedRegex(@"Web server listening on (http://[^\s,()]+)")]
    private static partial Regex ListeningUrl();

    /// <summary>A server process and its URL; disposing stops it with SIGTERM and checks it ended well.</summary>
    private sealed record Server(TestAppProcess App, string Url) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.SignalAsync("TERM", Ct);
            var result = await App.WaitAsync(Ct).WaitAsync(Watchdog, Ct);
            App.Dispose();
            Assert.True(result.ExitCode == 0, result.ToString());
        }
    }
}
