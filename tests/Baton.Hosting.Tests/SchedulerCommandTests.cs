using Baton.Hosting.Tests.Support;

namespace Baton.Hosting.Tests;

public sealed partial class SchedulerCommandTests : IDisposable
{
    [System.Text.RegularExpressions.GeneratedRegex(@"cli_pipeline \| by_hand\s+\| success")]
    private static partial System.Text.RegularExpressions.Regex ByHandSucceeded();

    private static readonly Dictionary<string, string> FastScheduler = new()
    {
        ["BATON__SCHEDULER__POLL_INTERVAL"] = "00:00:00.050",
        ["BATON__CORE__DAGS_ARE_PAUSED_AT_CREATION"] = "false",
    };

    private readonly CliRunner _cli = new(FastScheduler);

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Scheduler_RunsTriggeredAndScheduledRunsUntilStopped()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(0, (await _cli.RunAsync("dags", "pause", "cli_failing")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("dags", "trigger", "cli_pipeline", "--run-id", "by_hand")).ExitCode);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var scheduler = _cli.RunAsync(["scheduler"], stop.Token);
        string runs = "";
        for (var i = 0; i < 300 && !(ByHandSucceeded().IsMatch(runs) && runs.Contains("scheduled__", StringComparison.Ordinal) && !runs.Contains("running", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100, ct);
            runs = (await _cli.RunAsync("dags", "list-runs", "cli_pipeline")).Output;
        }

        await stop.CancelAsync();
        var result = await scheduler.WaitAsync(TimeSpan.FromSeconds(30), ct);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Scheduler stopped.", result.Output);
        Assert.Matches(ByHandSucceeded(), runs);
        // catchup=false: exactly one scheduled run, for the latest complete day.
        Assert.Single(runs.Split('\n'), line => line.Contains("scheduled__") && line.Contains("success"));
        Assert.DoesNotContain("cli_failing", (await _cli.RunAsync("xcom", "list")).Output);
    }
}
