using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Baton.Hosting.Tests.Support;
using Baton.TestApp;
using Microsoft.Data.Sqlite;

namespace Baton.Hosting.Tests;

/// <summary>
/// <c>standalone</c> in a real child process (the test app, signals sent with <c>kill</c>): the first start creates
/// <c>admin</c> and prints its password once (kept in a 0600 file, in no log), a second start creates nobody and prints
/// no password, the API answers a token, the scheduler runs a run triggered through the API, SIGTERM and Ctrl+C stop
/// both with exit code 0; a password file that cannot be written leaves the password on the terminal; a port in use is one error line and exit code 1 with nothing started or created; a scheduler
/// that fails stops the web server.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class StandaloneCommandTests : IDisposable
{
    private static readonly TimeSpan Watchdog = TimeSpan.FromMinutes(1);

    private readonly CliRunner _cli = new(dagAssembly: typeof(GatedDag).Assembly);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Dictionary<string, string> Environment => new()
    {
        ["BATON_HOME"] = _cli.BatonHome,
        ["BATON__SCHEDULER__POLL_INTERVAL"] = "00:00:00.050",
        ["BATON__CORE__DAGS_ARE_PAUSED_AT_CREATION"] = "false",
    };

    private string PasswordFile => Path.Combine(_cli.BatonHome, "standalone_admin_password.txt");

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task FirstStart_CreatesAdminWithAPasswordPrintedOnce_ServesTheApi_RunsATriggeredRun_AndStopsOnSigterm()
    {
        using var app = TestAppProcess.Start(_cli.Home, Environment, "standalone", "--port", "0");
        await app.WaitForOutputAsync("Baton standalone is running", Ct);
        var url = ListeningUrl().Match(app.OutputSoFar).Groups[1].Value;
        Assert.StartsWith("http://127.0.0.1:", url, StringComparison.Ordinal);
        var password = PasswordLine().Match(app.OutputSoFar).Groups[1].Value;
        Assert.True(password.Length >= 20, app.OutputSoFar);
        Assert.Equal(password, (await File.ReadAllTextAsync(PasswordFile, Ct)).Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PasswordFile));
        Assert.Contains($"open {url} and log in as admin (password in {PasswordFile})", app.OutputSoFar, StringComparison.Ordinal);
        Assert.Matches(@"admin\s+\| Admin", (await _cli.RunAsync("users", "list")).Output);

        var token = await CreateTokenAsync();
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        using (var anonymous = await http.GetAsync("/api/v1/dags", Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var dags = JsonNode.Parse(await http.GetStringAsync("/api/v1/dags", Ct))!;
        Assert.Contains(dags["dags"]!.AsArray(), d => d!["dag_id"]!.GetValue<string>() == GatedDag.Id);

        // The signal file exists already: the run goes straight through, driven by standalone's scheduler.
        var marks = Directory.CreateDirectory(Path.Combine(_cli.Home, "marks")).FullName;
        var signal = Path.Combine(_cli.Home, "go");
        await File.WriteAllTextAsync(signal, "", Ct);
        var body = JsonSerializer.Serialize(new { dag_run_id = "from_api", conf = new { marks, signal, who = "api" } });
        using (var trigger = await http.PostAsync($"/api/v1/dags/{GatedDag.Id}/dagRuns", new StringContent(body, Encoding.UTF8, "application/json"), Ct))
        {
            Assert.True(trigger.StatusCode == HttpStatusCode.OK, await trigger.Content.ReadAsStringAsync(Ct));
        }

        await WaitUntilAsync(app, async () =>
            JsonNode.Parse(await http.GetStringAsync($"/api/v1/dags/{GatedDag.Id}/dagRuns/from_api", Ct))!["state"]!.GetValue<string>() == "success");
        Assert.Equal(["after", "wait"], Directory.EnumerateFiles(marks).Select(f => Path.GetFileName(f).Split('.')[0]).Order(StringComparer.Ordinal));
        var health = JsonNode.Parse(await http.GetStringAsync("/health", Ct))!;
        Assert.Equal("healthy", health["scheduler"]!["status"]!.GetValue<string>());

        await app.SignalAsync("TERM", Ct);
        var result = await app.WaitAsync(Ct).WaitAsync(Watchdog, Ct);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Scheduler stopped.\nWeb server stopped.\nBaton standalone stopped.", result.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Single(Regex.Matches(result.Output, "Password: "));
        // Printed on standard output once, and nowhere else: not in the log lines on stderr, not in a log file.
        Assert.DoesNotContain(password, result.Error, StringComparison.Ordinal);
        Assert.All(Directory.EnumerateFiles(_cli.BatonHome, "*", SearchOption.AllDirectories).Where(f => f != PasswordFile),
            file => Assert.DoesNotContain(password, File.ReadAllText(file), StringComparison.Ordinal));
        await AssertRefusedAsync(http);
    }

    [Fact]
    public async Task SecondStart_CreatesNoUserAndPrintsNoPassword_AndStopsOnCtrlC()
    {
        using (var first = TestAppProcess.Start(_cli.Home, Environment, "standalone", "--port", "0"))
        {
            await first.WaitForOutputAsync("Baton standalone is running", Ct);
            await first.SignalAsync("TERM", Ct);
            Assert.Equal(0, (await first.WaitAsync(Ct).WaitAsync(Watchdog, Ct)).ExitCode);
        }

        var password = await File.ReadAllTextAsync(PasswordFile, Ct);
        using var second = TestAppProcess.Start(_cli.Home, Environment, "standalone", "--port", "0");
        await second.WaitForOutputAsync("Baton standalone is running", Ct);
        await second.SignalAsync("INT", Ct);
        var result = await second.WaitAsync(Ct).WaitAsync(Watchdog, Ct);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("Password", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Created user", result.Output, StringComparison.Ordinal);
        Assert.Contains($"log in as admin (password in {PasswordFile})", result.Output, StringComparison.Ordinal);
        Assert.Contains("Baton standalone stopped.", result.Output, StringComparison.Ordinal);
        Assert.Equal(password, await File.ReadAllTextAsync(PasswordFile, Ct));
        Assert.Single((await _cli.RunAsync("users", "list")).Output.Split('\n'), line => line.StartsWith("admin ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_WithUsersAlready_CreatesNoAdmin_AndSaysWhoLogsIn()
    {
        Assert.Equal(0, (await _cli.RunAsync("users", "create", "--username", "ada", "--role", "Admin", "--password", "password-ada")).ExitCode);
        using var app = TestAppProcess.Start(_cli.Home, Environment, "standalone", "--port", "0");
        await app.WaitForOutputAsync("Baton standalone is running", Ct);
        await app.SignalAsync("TERM", Ct);
        var result = await app.WaitAsync(Ct).WaitAsync(Watchdog, Ct);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("Password", result.Output, StringComparison.Ordinal);
        Assert.Contains("log in as one of the users 'users list' shows", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(PasswordFile));
        Assert.DoesNotContain("admin", (await _cli.RunAsync("users", "list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasswordFileThatCannotBeWritten_StillShowsThePasswordOnce_WithAWarning_AndLeavesWhatIsThere()
    {
        Directory.CreateDirectory(_cli.BatonHome);
        var inTheWay = Directory.CreateDirectory(PasswordFile).FullName;
        await File.WriteAllTextAsync(Path.Combine(inTheWay, "mine.txt"), "not Baton's", Ct);

        using var app = TestAppProcess.Start(_cli.Home, Environment, "standalone", "--port", "0");
        await app.WaitForOutputAsync("Baton standalone is running", Ct);
        await app.SignalAsync("TERM", Ct);
        var result = await app.WaitAsync(Ct).WaitAsync(Watchdog, Ct);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(PasswordLine(), result.Output);
        Assert.Contains($"warning: the password could not be kept in {PasswordFile}", result.Error, StringComparison.Ordinal);
        Assert.Equal("not Baton's", await File.ReadAllTextAsync(Path.Combine(inTheWay, "mine.txt"), Ct));
        Assert.Empty(Directory.EnumerateFiles(_cli.BatonHome, "standalone_admin_password.txt.*"));
    }

    [Fact]
    public async Task PortInUse_IsOneErrorLine_ExitCode1_AndNothingStartsOrIsCreated()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var result = await AppProcess.RunAsync(_cli.Home, Environment, Watchdog, null, "standalone", "--port", port);

        Assert.False(result.Hung, result.ToString());
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [$"error: the web server cannot listen on 127.0.0.1:{port}: the port is in use (another server, or a second webserver/standalone on it); stop it, or choose another with --port or BATON__WEBSERVER__PORT"],
            result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.DoesNotContain("Scheduler started", result.Output, StringComparison.Ordinal);
        // The scheduler never ran (it writes its heartbeat as it starts) and no user was made.
        Assert.Equal(0, Count("scheduler_heartbeat"));
        Assert.Equal(0, Count("baton_user"));
        Assert.False(File.Exists(PasswordFile));
    }

    [Fact]
    public async Task SchedulerFailure_StopsTheWebServer_WithOneErrorAndExitCode1()
    {
        using var app = TestAppProcess.Start(_cli.Home, Environment, "standalone", "--port", "0");
        await app.WaitForOutputAsync("Baton standalone is running", Ct);
        var url = ListeningUrl().Match(app.OutputSoFar).Groups[1].Value;

        // The scheduler's next pass reads the dag table: without it, the scheduler fails.
        Execute("DROP TABLE dag");
        var result = await app.WaitAsync(Ct).WaitAsync(Watchdog, Ct);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("The scheduler stopped; stopping the web server.", result.Error, StringComparison.Ordinal);
        Assert.Matches("(?m)^error: .*no such table: dag", result.Error);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        await AssertRefusedAsync(http);
    }

    private async Task<string> CreateTokenAsync()
    {
        var created = await _cli.RunAsync("users", "create-token", "--username", "admin", "--name", "tests");
        Assert.True(created.ExitCode == 0, created.ToString());
        return created.Output.Trim();
    }

    /// <summary>Nothing listens any more.</summary>
    private static async Task AssertRefusedAsync(HttpClient http) =>
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/health", Ct));

    private long Count(string table)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_cli.BatonHome, "baton.db")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_cli.BatonHome, "baton.db")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task WaitUntilAsync(TestAppProcess app, Func<Task<bool>> condition)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50, Ct);
        }

        Assert.Fail($"timed out:\n{app.OutputSoFar}\n{app.ErrorSoFar}");
    }

    [GeneratedRegex(@"Web server listening on (http://\S+) \(")]
    private static partial Regex ListeningUrl();

    [GeneratedRegex(@"(?m)^Password: (\S+)\r?$")]
    private static partial Regex PasswordLine();
}
