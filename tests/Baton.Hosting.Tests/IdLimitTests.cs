using System.Text;
using Baton.Hosting.Tests.Support;

namespace Baton.Hosting.Tests;

/// <summary>
/// Ids where they enter: a run id of the longest accepted length runs and its logs can be read (its log directory is
/// shortened, never too long for the file system); an id breaking the rule is refused at once, naming the rule or the limit.
/// </summary>
public sealed class IdLimitTests : IDisposable
{
    private static readonly Dictionary<string, string> FastScheduler = new()
    {
        ["BATON__SCHEDULER__POLL_INTERVAL"] = "00:00:00.050",
        ["BATON__CORE__DAGS_ARE_PAUSED_AT_CREATION"] = "false",
    };

    private readonly CliRunner _cli = new(FastScheduler);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _cli.Dispose();

    /// <summary>The lines of stderr but the test assembly's warning about its broken DAG.</summary>
    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith("warning:", StringComparison.Ordinal)).ToArray();

    [Fact]
    public async Task Scheduler_RunsATriggeredRunWhoseIdHasTheLongestAcceptedLength_AndPrintsItsLog()
    {
        var runId = string.Concat(Enumerable.Repeat("ab:c+d~e.f-g_", 20))[..250];
        Assert.Equal(0, (await _cli.RunAsync("dags", "pause", "cli_failing")).ExitCode);
        var trigger = await _cli.RunAsync("dags", "trigger", "cli_pipeline", "--run-id", runId, "--logical-date", "2024-01-05");
        Assert.True(trigger.ExitCode == 0, trigger.ToString());

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var scheduler = _cli.RunAsync(["scheduler"], stop.Token);
        var runs = "";
        for (var i = 0; i < 300 && !runs.Contains($"{runId} | success", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100, Ct);
            runs = (await _cli.RunAsync("dags", "list-runs", "cli_pipeline")).Output;
        }

        await stop.CancelAsync();
        Assert.Equal(0, (await scheduler.WaitAsync(TimeSpan.FromSeconds(60), Ct)).ExitCode);
        Assert.Contains($"{runId} | success", runs, StringComparison.Ordinal);
        var logs = await _cli.RunAsync("tasks", "logs", "cli_pipeline", runId, "load");
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Contains("total is 3.75", logs.Output, StringComparison.Ordinal);
        Assert.All(Directory.EnumerateFileSystemEntries(Path.Combine(_cli.BatonHome, "logs"), "*", SearchOption.AllDirectories),
            entry => Assert.True(Encoding.UTF8.GetByteCount(Path.GetFileName(entry)) <= 255, entry));
    }

    [Theory]
    [InlineData(".", "run id '.' is not allowed: '.' and '..' name directories")]
    [InlineData("..", "run id '..' is not allowed: '.' and '..' name directories")]
    [InlineData("", "a run id must not be empty")]
    [InlineData("a/b", "invalid run id 'a/b': use 1 to 250 letters, digits, or '_', '.', '~', ':', '+', '-'")]
    [InlineData("a\u001b[31mb", "invalid run id 'a\\u001b[31mb'")]
    public async Task DagsTrigger_RunIdBreakingTheRule_IsRefusedWithOneLineAndNoRunIsCreated(string runId, string expected)
    {
        var result = await _cli.RunAsync("dags", "trigger", "cli_pipeline", "--run-id", runId);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: --run-id: {expected}", Assert.Single(Lines(result.Error)), StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', result.Error);
        Assert.DoesNotContain("cli_pipeline |", (await _cli.RunAsync("dags", "list-runs", "cli_pipeline")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DagsTrigger_RunIdOverTheLimit_IsRefusedNamingTheLimit()
    {
        var result = await _cli.RunAsync("dags", "trigger", "cli_pipeline", "--run-id", new string('r', 251));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --run-id: run id is 251 characters long, over the limit of 250", Assert.Single(Lines(result.Error)));
    }
}
