using System.Text.Json;
using Baton.Hosting.Tests.Support;
using Baton.TestApp;

namespace Baton.Hosting.Tests;

/// <summary>
/// A run in flight belongs to the process running it: a second <c>dags test</c> of the same date, and every command that
/// deletes or resets runs, leaves it alone and says who holds it; a run left by a killed process does not block.
/// </summary>
public sealed class RunInUseTests : IDisposable
{
    private const string Date = "2024-01-01";
    private const string RunId = "manual__2024-01-01T00:00:00+00:00";

    private readonly CliRunner _cli = new(dagAssembly: typeof(GatedDag).Assembly);

    public RunInUseTests() => Directory.CreateDirectory(Marks);

    private string Marks => Path.Combine(_cli.Home, "marks");

    private string Signal => Path.Combine(_cli.Home, "go");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _cli.Dispose();

    private string Conf(string who) => JsonSerializer.Serialize(new Dictionary<string, string> { ["marks"] = Marks, ["signal"] = Signal, ["who"] = who });

    private string[] DagsTest(string who) => ["dags", "test", GatedDag.Id, Date, "--conf", Conf(who)];

    private int Executions(string taskId, string who) => Directory.EnumerateFiles(Marks, $"{taskId}.{who}.*").Count();

    /// <summary>Waits until a task of <paramref name="who"/>'s run has started, or <paramref name="orUntil"/> ended first.</summary>
    private async Task<bool> StartedAsync(string who, Task orUntil)
    {
        while (Executions("wait", who) == 0 && !orUntil.IsCompleted)
        {
            await Task.Delay(20, Ct);
        }

        return Executions("wait", who) > 0;
    }

    /// <summary>Waits until <paramref name="who"/>'s <c>wait</c> task has started; fails with what the command printed if it ended first.</summary>
    private async Task AssertStartedAsync(string who, Task<CliResult> command)
    {
        if (!await StartedAsync(who, command))
        {
            Assert.Fail($"{who} ended before its task started: {await command}");
        }
    }

    private void Release() => File.WriteAllText(Signal, "go");

    private void AssertFirstRanOnceAndPrintedOnlyItsOwn(CliResult first)
    {
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("result of first", first.Output, StringComparison.Ordinal);
        Assert.Contains($"DAG run {RunId}: success", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("second", first.Output, StringComparison.Ordinal);
        Assert.Equal((1, 1), (Executions("wait", "first"), Executions("after", "first")));
        Assert.Equal(0, Executions("wait", "second") + Executions("after", "second"));
    }

    private static void AssertRefusedNamingTheHolder(CliResult refused, int? pid = null)
    {
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains($"Run '{RunId}' of DAG '{GatedDag.Id}' is in use by pid {pid ?? Environment.ProcessId} on host '{Environment.MachineName}' since ", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DagsTest_TwoAtOnceOnTheSameDate_RefusesTheSecondAndTheFirstPrintsOnlyItsOwnResults()
    {
        var first = _cli.RunAsync(DagsTest("first"), Ct);
        await AssertStartedAsync("first", first);

        var second = _cli.RunAsync(DagsTest("second"), Ct);
        await StartedAsync("second", second);
        Release();

        AssertRefusedNamingTheHolder(await second);
        AssertFirstRanOnceAndPrintedOnlyItsOwn(await first);
    }

    [Theory]
    [InlineData("dags delete gated --yes")]
    [InlineData("dags delete gated --run-id " + RunId + " --yes")]
    [InlineData("tasks clear gated --yes")]
    [InlineData("dags clear gated --yes")]
    [InlineData("db clean --older-than 2024-02-01 --yes")]
    [InlineData("tasks test gated after " + Date)]
    public async Task CommandThatDeletesOrResetsRuns_WhileDagsTestRunsTheRun_IsRefusedAndTheRunFinishesOnce(string command)
    {
        var first = _cli.RunAsync(DagsTest("first"), Ct);
        await AssertStartedAsync("first", first);

        var refused = await _cli.RunAsync(command.Split(' '), Ct);
        Release();

        AssertRefusedNamingTheHolder(refused);
        Assert.Contains("it was left untouched", refused.Error, StringComparison.Ordinal);
        AssertFirstRanOnceAndPrintedOnlyItsOwn(await first);
        Assert.Contains($"{RunId} | success", (await _cli.RunAsync("dags", "list-runs", GatedDag.Id)).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DagsTest_TwoChildProcessesAtOnce_RefusesTheSecond()
    {
        using var first = TestAppProcess.Start(_cli.Home, _cli.BatonHome, DagsTest("first"));
        var firstExit = first.WaitAsync(Ct);
        await AssertStartedAsync("first", firstExit);

        using var second = TestAppProcess.Start(_cli.Home, _cli.BatonHome, DagsTest("second"));
        var secondExit = second.WaitAsync(Ct);
        await StartedAsync("second", secondExit);
        Release();

        AssertRefusedNamingTheHolder(await secondExit, first.Id);
        AssertFirstRanOnceAndPrintedOnlyItsOwn(await firstExit);
    }

    [Fact]
    public async Task DagsTest_AfterTheProcessRunningThatDateWasKilled_RunsTheDateAgain()
    {
        using (var killed = TestAppProcess.Start(_cli.Home, _cli.BatonHome, DagsTest("killed")))
        {
            var exit = killed.WaitAsync(Ct);
            await AssertStartedAsync("killed", exit);
            killed.KillHard();
            Assert.NotEqual(0, (await exit).ExitCode);
        }

        Release();
        var again = await _cli.RunAsync(DagsTest("first"), Ct);

        AssertFirstRanOnceAndPrintedOnlyItsOwn(again);
        Assert.Equal((1, 0), (Executions("wait", "killed"), Executions("after", "killed")));
    }
}
