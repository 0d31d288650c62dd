using System.Text.Json;
using Baton.Hosting.Tests.Support;
using Baton.TestApp.Dags;
using Microsoft.Data.Sqlite;

namespace Baton.Hosting.Tests;

/// <summary>
/// A disk that fills while <c>dags test</c> runs (a real tmpfs of a megabyte or two, in a real child process): whichever
/// write fails — the task's log, the local XCom store, the metadata database — the task ends failed with one line naming
/// the file and "no space left on device", the command exits 1 with one <c>error:</c> line, and nothing hangs.
/// </summary>
public sealed class DiskFullTests : IDisposable
{
    private const string Date = "2024-01-01";
    private const string RunId = "manual__2024-01-01T00:00:00+00:00";
    private static readonly TimeSpan Watchdog = TimeSpan.FromMinutes(2);

    private readonly CliRunner _cli = new(dagAssembly: typeof(DiskFillDag).Assembly);
    private SmallFileSystem? _disk;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _disk?.Dispose();
        _cli.Dispose();
    }

    private static string Conf(int logKb, int valueKb) => JsonSerializer.Serialize(new Dictionary<string, int> { ["log_kb"] = logKb, ["value_kb"] = valueKb });

    private Task<AppResult> DagsTestAsync(int logKb, int valueKb, Dictionary<string, string>? variables = null)
    {
        var environment = new Dictionary<string, string>(variables ?? []) { ["BATON_HOME"] = _cli.BatonHome };
        return AppProcess.RunAsync(_cli.Home, environment, Watchdog, null, "dags", "test", DiskFillDag.Id, Date, "-q", "--conf", Conf(logKb, valueKb));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string AssertOneErrorLine(AppResult result)
    {
        Assert.False(result.Hung, result.ToString());
        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(Lines(result.Error));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("no space left on device", line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", result.Error + result.Output, StringComparison.Ordinal);
        return line;
    }

    [Fact]
    public async Task DagsTest_WhenTheTaskLogFillsTheDisk_FailsTheTaskNamingTheLogAndEndsTheRunFailed()
    {
        _disk = SmallFileSystem.Mount(Path.Combine(_cli.BatonHome, "logs"), "1m");

        var result = await DagsTestAsync(logKb: 8000, valueKb: 0);

        var log = Path.Combine(_cli.BatonHome, "logs", $"dag_id={DiskFillDag.Id}", $"run_id={RunId}", "task_id=write_log", "attempt=1.log");
        Assert.Equal($"error: task write_log failed: cannot write the task log '{log}': no space left on device", AssertOneErrorLine(result));
        Assert.Contains($"{RunId} | failed", (await _cli.RunAsync("dags", "list-runs", DiskFillDag.Id)).Output, StringComparison.Ordinal);
        var states = (await _cli.RunAsync("tasks", "states-for-dag-run", DiskFillDag.Id, RunId)).Output;
        Assert.Matches(@"write_log\s+\| -1\s+\| failed\s+\| 1 .*no space left on device", states);
        Assert.Matches(@"write_value\s+\| -1\s+\| upstream_failed", states);
    }

    [Fact]
    public async Task DagsTest_WhenTheLocalXComStoreFillsTheDisk_FailsTheTaskNamingTheStoreAndEndsTheRunFailed()
    {
        var store = Path.Combine(_cli.Home, "store");
        _disk = SmallFileSystem.Mount(store, "1m");

        var result = await DagsTestAsync(logKb: 0, valueKb: 4000, new Dictionary<string, string>
        {
            ["BATON__XCOM__BACKEND"] = "objectstorage", ["BATON__XCOM__PATH"] = new Uri(store).AbsoluteUri, ["BATON__XCOM__THRESHOLD"] = "0",
        });

        var line = AssertOneErrorLine(result);
        Assert.StartsWith("error: task write_value failed: ", line, StringComparison.Ordinal);
        Assert.Contains(store, line, StringComparison.Ordinal);
        Assert.Contains($"{RunId} | failed", (await _cli.RunAsync("dags", "list-runs", DiskFillDag.Id)).Output, StringComparison.Ordinal);
        // The failed upload left nothing behind (write_log's small value is there, as it should be).
        Assert.DoesNotContain(Directory.EnumerateFiles(store, "*", SearchOption.AllDirectories), f => f.Contains("/write_value/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DagsTest_WhenTheDiskHoldingLogsAndDatabaseFills_ExitsWithOneErrorLineAndTheDateRunsAgainOnceThereIsRoom()
    {
        _disk = SmallFileSystem.Mount(_cli.BatonHome, "2m");
        Assert.Equal(0, (await _cli.RunAsync("db", "migrate")).ExitCode);
        SqliteConnection.ClearAllPools();

        var result = await DagsTestAsync(logKb: 8000, valueKb: 0);

        var line = AssertOneErrorLine(result);
        Assert.True(line.Contains(Path.Combine(_cli.BatonHome, "baton.db"), StringComparison.Ordinal) || line.Contains("attempt=1.log", StringComparison.Ordinal), line);

        // Room again (the test removes the log the full disk cut short): the same date runs, taking over what the stopped process left.
        File.Delete(Path.Combine(_cli.BatonHome, "logs", $"dag_id={DiskFillDag.Id}", $"run_id={RunId}", "task_id=write_log", "attempt=1.log"));
        var again = await DagsTestAsync(logKb: 0, valueKb: 0);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains($"DAG run {RunId}: success", again.Output, StringComparison.Ordinal);
    }
}
