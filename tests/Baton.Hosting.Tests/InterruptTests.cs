using System.Text.Json;
using Baton.Hosting.Tests.Support;
using Baton.TestApp;
using Baton.TestApp.Dags;

namespace Baton.Hosting.Tests;

/// <summary>
/// Ctrl+C during <c>dags test</c>, sent for real (<c>kill -INT</c>) to a real child process: the command stops at once,
/// the running task is recorded failed with the reason "cancelled: interrupted by user" (no stack trace anywhere), the
/// tasks not run are skipped, the run ends failed, the exit code is 130; a second Ctrl+C stops a command that cannot stop.
/// </summary>
public sealed class InterruptTests : IDisposable
{
    private const string Date = "2024-01-01";
    private const string RunId = "manual__2024-01-01T00:00:00+00:00";
    private static readonly TimeSpan Watchdog = TimeSpan.FromMinutes(1);

    private readonly CliRunner _cli = new(dagAssembly: typeof(GatedDag).Assembly);

    public InterruptTests() => Directory.CreateDirectory(Marks);

    private string Marks => Path.Combine(_cli.Home, "marks");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _cli.Dispose();

    private static void AssertNoStackTrace(string text)
    {
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DagsTest_OnCtrlC_RecordsTheRunningTaskCancelledEndsTheRunFailedAndExits130()
    {
        var conf = JsonSerializer.Serialize(new Dictionary<string, string> { ["marks"] = Marks, ["signal"] = Path.Combine(_cli.Home, "never"), ["who"] = "me" });
        using var app = TestAppProcess.Start(_cli.Home, _cli.BatonHome, "dags", "test", GatedDag.Id, Date, "--conf", conf);
        var exit = app.WaitAsync(Ct);
        while (!Directory.EnumerateFiles(Marks, "wait.*").Any() && !exit.IsCompleted)
        {
            await Task.Delay(20, Ct);
        }

        await app.SignalAsync("INT", Ct);
        var result = await exit.WaitAsync(Watchdog, Ct);

        Assert.True(result.ExitCode == 130, result.ToString());
        AssertNoStackTrace(result.Output + result.Error);
        Assert.Contains($"DAG run {RunId}: failed (cancelled: interrupted by user)", result.Output, StringComparison.Ordinal);
        Assert.Contains($"{RunId} | failed", (await _cli.RunAsync("dags", "list-runs", GatedDag.Id)).Output, StringComparison.Ordinal);
        var states = (await _cli.RunAsync("tasks", "states-for-dag-run", GatedDag.Id, RunId)).Output;
        Assert.Matches(@"wait\s+\| -1\s+\| failed\s+\|.*\| cancelled: interrupted by user", states);
        Assert.Matches(@"after\s+\| -1\s+\| skipped\s+\|.*\| cancelled: interrupted by user", states);
        var log = (await _cli.RunAsync("tasks", "logs", GatedDag.Id, RunId, "wait")).Output;
        Assert.Contains("Marking task as FAILED (cancelled: interrupted by user)", log, StringComparison.Ordinal);
        AssertNoStackTrace(log);
    }

    [Fact]
    public async Task DagsTest_SecondCtrlC_EndsTheProcessAtOnceWhileATaskIgnoresCancellation()
    {
        var started = Path.Combine(_cli.Home, "started");
        var conf = JsonSerializer.Serialize(new Dictionary<string, string> { ["started"] = started });
        using var app = TestAppProcess.Start(_cli.Home, _cli.BatonHome, "dags", "test", StubbornDag.Id, Date, "--conf", conf);
        var exit = app.WaitAsync(Ct);
        while (!File.Exists(started) && !exit.IsCompleted)
        {
            await Task.Delay(20, Ct);
        }

        await app.SignalAsync("INT", Ct);
        await app.WaitForErrorAsync("press Ctrl+C again to stop at once", Ct);
        await app.SignalAsync("INT", Ct);
        var result = await exit.WaitAsync(Watchdog, Ct);

        Assert.True(result.ExitCode == 130, result.ToString());
        // It did not wait for the task's grace period to end the run: the run is left as it was, for the next command to take over.
        Assert.DoesNotContain("DAG run", result.Output, StringComparison.Ordinal);
        Assert.Contains($"{RunId} | running", (await _cli.RunAsync("dags", "list-runs", StubbornDag.Id)).Output, StringComparison.Ordinal);
    }
}
