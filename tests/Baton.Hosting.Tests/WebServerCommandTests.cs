using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Baton.Hosting.Tests.Support;

namespace Baton.Hosting.Tests;

/// <summary><c>users …</c> and <c>webserver</c> end to end: the real server on a free port beside a running scheduler on the same BATON_HOME.</summary>
public sealed class WebServerCommandTests : IDisposable
{
    private readonly CliRunner _cli = new(new Dictionary<string, string>
    {
        ["BATON__SCHEDULER__POLL_INTERVAL"] = "00:00:00.050",
        ["BATON__CORE__DAGS_ARE_PAUSED_AT_CREATION"] = "false",
    });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Users_CreateListTokensRevokeAndDelete()
    {
        var created = await _cli.RunAsync("users", "create", "--username", "ada", "--role", "op");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("Created user ada with role Op.", created.Output, StringComparison.Ordinal);
        var password = created.Output.Split('\n').Single(l => l.StartsWith("Password: ", StringComparison.Ordinal))["Password: ".Length..].Trim();
        Assert.True(password.Length >= 20, password);

        var fromStdin = await _cli.RunAsync(["users", "create", "--username", "bob", "--role", "Viewer", "--password-stdin"], Ct, input: "correct horse\n");
        Assert.True(fromStdin.ExitCode == 0, fromStdin.ToString());
        Assert.DoesNotContain("Password:", fromStdin.Output, StringComparison.Ordinal);

        var list = await _cli.RunAsync("users", "list");
        Assert.Matches(@"ada\s+\| Op", list.Output);
        Assert.Matches(@"bob\s+\| Viewer", list.Output);
        Assert.DoesNotContain(password, list.Output, StringComparison.Ordinal);

        var duplicate = await _cli.RunAsync("users", "create", "--username", "ada", "--role", "Admin", "--password", "whatever-1");
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("error: user 'ada' exists already", duplicate.Error, StringComparison.Ordinal);
        var badRole = await _cli.RunAsync("users", "create", "--username", "eve", "--role", "Root", "--password", "whatever-1");
        Assert.Equal(1, badRole.ExitCode);
        Assert.Contains("'Root' is not a role; use one of Viewer, User, Op, Admin", badRole.Error, StringComparison.Ordinal);

        var token = await _cli.RunAsync("users", "create-token", "--username", "ada", "--name", "ci", "--expires", "30d");
        Assert.True(token.ExitCode == 0, token.ToString());
        var text = token.Output.Trim();
        Assert.Matches("^baton_[A-Za-z0-9_-]{43}$", text);
        Assert.Contains("It is shown only now", token.Error, StringComparison.Ordinal);

        var tokens = await _cli.RunAsync("users", "list-tokens", "--username", "ada");
        Assert.Matches(@"ada\s+\| ci\s+\|", tokens.Output);
        Assert.DoesNotContain(text, tokens.Output, StringComparison.Ordinal);

        Assert.Equal(0, (await _cli.RunAsync("users", "revoke-token", "--username", "ada", "--name", "ci")).ExitCode);
        var again = await _cli.RunAsync("users", "revoke-token", "--username", "ada", "--name", "ci");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("has no active token named 'ci'", again.Error, StringComparison.Ordinal);

        Assert.Equal(0, (await _cli.RunAsync("users", "delete", "--username", "ada")).ExitCode);
        Assert.DoesNotContain("ada", (await _cli.RunAsync("users", "list")).Output, StringComparison.Ordinal);
        Assert.Equal(1, (await _cli.RunAsync("users", "delete", "--username", "ada")).ExitCode);
    }

    [Fact]
    public async Task WebServer_ServesTheApiBesideARunningScheduler_AndStopsOnCancel()
    {
        Assert.Equal(0, (await _cli.RunAsync("users", "create", "--username", "ops", "--role", "Op", "--password", "password-ops")).ExitCode);
        var token = (await _cli.RunAsync("users", "create-token", "--username", "ops", "--name", "test")).Output.Trim();
        Assert.Equal(0, (await _cli.RunAsync("dags", "pause", "cli_failing")).ExitCode);
        var port = FreePort();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var scheduler = _cli.RunAsync(["scheduler"], stop.Token);
        var server = _cli.RunAsync(["webserver", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            await WaitUntilAsync(async () => (await TryGetAsync(http, "/health")) == HttpStatusCode.OK, server);

            using (var anonymous = await http.GetAsync("/api/v1/dags", Ct))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            }

            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var dags = JsonNode.Parse(await http.GetStringAsync("/api/v1/dags", Ct))!;
            Assert.Contains(dags["dags"]!.AsArray(), d => d!["dag_id"]!.GetValue<string>() == "cli_pipeline");

            using (var trigger = await http.PostAsync("/api/v1/dags/cli_pipeline/dagRuns", new StringContent("""{"dag_run_id": "from_api"}""", System.Text.Encoding.UTF8, "application/json"), Ct))
            {
                Assert.Equal(HttpStatusCode.OK, trigger.StatusCode);
            }

            await WaitUntilAsync(async () =>
                JsonNode.Parse(await http.GetStringAsync("/api/v1/dags/cli_pipeline/dagRuns/from_api", Ct))!["state"]!.GetValue<string>() == "success", server);
            var health = JsonNode.Parse(await http.GetStringAsync("/health", Ct))!;
            Assert.Equal("healthy", health["scheduler"]!["status"]!.GetValue<string>());
        }
        finally
        {
            await stop.CancelAsync();
        }

        var stopped = await server;
        Assert.True(stopped.ExitCode is 0 or 130, stopped.ToString());
        Assert.Contains($"Web server listening on http://127.0.0.1:{port}", stopped.Output, StringComparison.Ordinal);
        Assert.Contains("Web server stopped.", stopped.Output, StringComparison.Ordinal);
        _ = await scheduler;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<HttpStatusCode?> TryGetAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path, Ct);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Task<CliResult> server)
    {
        for (var i = 0; i < 600; i++)
        {
            if (server.IsCompleted)
            {
                Assert.Fail($"the web server ended early: {await server}");
            }

            if (await condition())
            {
                return;
            }

            await Task.Delay(50, Ct);
        }

        Assert.Fail("timed out");
    }
}
