using System.Net;
using System.Text.RegularExpressions;
using Baton.Hosting.Tests.Support;
using Baton.TestApp;
using Baton.Web.Auth;

namespace Baton.Hosting.Tests;

/// <summary>
/// The data protection keys that sign the UI's session cookie live in <c>BATON_HOME/keys</c> (0700): a login through the
/// login form of <c>standalone</c> is accepted by <c>webserver</c> and <c>standalone</c> on that home, across restarts
/// (real processes), and refused by a server on another home.
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
            cookie = await LogInAsync(first.Url, "ada", "password-ada");
            Assert.Equal(HttpStatusCode.OK, await GetDagsAsync(first.Url, cookie));
            Assert.Equal(HttpStatusCode.OK, await GetDagsAsync(first.Url, cookie, "/dags"));
            Assert.Equal(HttpStatusCode.Unauthorized, await GetDagsAsync(first.Url, null));
            Assert.Equal(HttpStatusCode.Redirect, await GetDagsAsync(first.Url, null, "/dags"));
        }

        await using (var restarted = await StartAsync(_cli, "webserver"))
        {
            Assert.Equal(HttpStatusCode.OK, await GetDagsAsync(restarted.Url, cookie));
            Assert.Equal(HttpStatusCode.OK, await GetDagsAsync(restarted.Url, cookie, "/dags"));
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

    /// <summary>Logs in through the login form as a browser does (its hidden fields, the antiforgery cookie); returns the session cookie's value.</summary>
    private static async Task<string> LogInAsync(string url, string username, string password)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(url) };
        var form = await http.GetStringAsync("/login", Ct);
        var fields = HiddenInput().Matches(form).ToDictionary(
            m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        Assert.Contains("__RequestVerificationToken", fields.Keys);
        fields["Form.Username"] = username;
        fields["Form.Password"] = password;
        using var response = await http.PostAsync("/login", new FormUrlEncodedContent(fields), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"login: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return cookies.GetCookies(new Uri(url))[BatonAuthSchemes.CookieName]?.Value ?? throw new InvalidOperationException("the login set no session cookie");
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)"\s*/?>""")]
    private static partial Regex HiddenInput();

    /// <summary>The DAG list of the API (or of the UI, <paramref name="path"/> <c>/dags</c>) with the session cookie, or without one.</summary>
    private static async Task<HttpStatusCode> GetDagsAsync(string url, string? cookie, string path = "/api/v1/dags")
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(url) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
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
