using System.Text.RegularExpressions;
using Baton.Hosting.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Baton.Hosting.Tests;

/// <summary>
/// The example worker service (examples/HostedScheduler: the tutorial's DAGs and a cancellable countdown, the scheduler
/// added with <c>AddBatonScheduler()</c>) as a real process: a run triggered through the same app's command line is
/// picked up, SIGTERM mid-task stops the host gracefully (exit 0), and after a restart the run completes.
/// </summary>
public sealed partial class HostedSchedulerTests : IDisposable
{
    private const string App = "HostedScheduler.dll";
    private readonly string _directory = Directory.CreateTempSubdirectory("baton-hosted-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Dictionary<string, string> Environment => new()
    {
        ["BATON_HOME"] = Path.Combine(_directory, "home"),
        ["BATON__SCHEDULER__POLL_INTERVAL"] = "00:00:00.100",
        ["BATON__CORE__DAGS_ARE_PAUSED_AT_CREATION"] = "false",
    };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task HostedScheduler_StoppedBySigtermMidTask_ExitsGracefully_AndCompletesTheRunAfterARestart()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        var trigger = await RunAsync(timeout.Token, "dags", "trigger", "countdown", "--conf", """{"seconds": 4}""");
        Assert.True(trigger.ExitCode == 0, trigger.ToString());
        var runId = CreatedRun().Match(trigger.Output).Groups[1].Value;

        using (var host = TestAppProcess.StartApp(App, _directory, Environment))
        {
            await host.WaitForOutputAsync("Baton scheduler started", timeout.Token);
            var log = Path.Combine(_directory, "home", "logs", "dag_id=countdown", $"run_id={runId}", "task_id=count", "attempt=1.log");
            await WaitUntilAsync(() => File.Exists(log) && File.ReadAllText(log).Contains("s left", StringComparison.Ordinal), timeout.Token);

            await host.SignalAsync("TERM", timeout.Token);
            var stopped = await host.WaitAsync(timeout.Token);

            Assert.True(stopped.ExitCode == 0, stopped.ToString());
            Assert.Contains("Baton scheduler stopped", stopped.Output, StringComparison.Ordinal);
            Assert.Equal("running", RunState(runId));
        }

        using (var restarted = TestAppProcess.StartApp(App, _directory, Environment))
        {
            await WaitUntilAsync(() => RunState(runId) is "success" or "failed", timeout.Token);
            await restarted.SignalAsync("TERM", timeout.Token);
            var stopped = await restarted.WaitAsync(timeout.Token);
            Assert.True(stopped.ExitCode == 0, stopped.ToString());
        }

        Assert.Equal("success", RunState(runId));
        Assert.Equal(2, TryNumber(runId));
        var xcom = await RunAsync(timeout.Token, "xcom", "get", "countdown", runId, "count");
        Assert.True(xcom.ExitCode == 0, xcom.ToString());
        Assert.Equal("4", xcom.Output.Trim());
    }

    [Fact]
    public async Task HostedScheduler_WithABadSetting_StopsAtOnceWithExitCode1AndOneLineNamingIt()
    {
        var environment = Environment;
        environment["BATON__XCOM__COMPRESSION"] = "lz4";

        using var host = TestAppProcess.StartApp(App, _directory, environment);
        var stopped = await host.WaitAsync(Ct);

        Assert.True(stopped.ExitCode == 1, stopped.ToString());
        Assert.Contains("Baton cannot start the scheduler: invalid setting: BATON__XCOM__COMPRESSION='lz4' is not a known compression", stopped.Output + stopped.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stopped.Output + stopped.Error, StringComparison.Ordinal);
    }

    private async Task<CliResult> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var process = TestAppProcess.StartApp(App, _directory, Environment, args);
        return await process.WaitAsync(cancellationToken);
    }

    private string? RunState(string runId) => Scalar<string>("select state from dag_run where dag_id = 'countdown' and run_id = $run", runId);

    private long TryNumber(string runId) => Scalar<long>("select try_number from task_instance where dag_id = 'countdown' and run_id = $run and task_id = 'count'", runId);

    private T? Scalar<T>(string sql, string runId)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "home", "baton.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$run", runId);
        return command.ExecuteScalar() is { } value and not DBNull ? (T)value : default;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    [GeneratedRegex(@"Created run (\S+) of countdown")]
    private static partial Regex CreatedRun();
}
