using Baton.Hosting.Tests.Support;

namespace Baton.Hosting.Tests;

public sealed class CliEndToEndTests : IDisposable
{
    private const string RunId = "manual__2024-03-01T00:00:00+00:00";
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task DagsList_ShowsDagsAndReportsTheBrokenOne()
    {
        var result = await _cli.RunAsync("dags", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cli_pipeline | @daily", result.Output);
        Assert.Contains("cli_failing", result.Output);
        Assert.DoesNotContain("cli_broken", result.Output);
        Assert.Contains("DAG 'cli_broken' is invalid: unknown schedule preset '@fortnightly'", result.Error);
    }

    [Fact]
    public async Task DagsTest_RunsEveryTaskRecordsTheRunAndPrintsStates()
    {
        var result = await _cli.RunAsync("dags", "test", "cli_pipeline", "2024-03-01");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("total is 3.75", result.Output);
        Assert.Matches(@"extract\s+\| -1\s+\| success\s+\| 1", result.Output);
        Assert.Matches(@"load\s+\| -1\s+\| success", result.Output);
        Assert.Contains($"DAG run {RunId}: success", result.Output);

        var runs = await _cli.RunAsync("dags", "list-runs", "cli_pipeline");
        Assert.Contains($"cli_pipeline | {RunId} | success", runs.Output);
    }

    [Fact]
    public async Task XComListAndGet_ShowTheValuesOfADagsTestRun()
    {
        Assert.Equal(0, (await _cli.RunAsync("dags", "test", "cli_pipeline", "2024-03-01", "--quiet")).ExitCode);

        var list = await _cli.RunAsync("xcom", "list", "--dag-id", "cli_pipeline");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("extract", list.Output);
        Assert.Contains("transform", list.Output);
        Assert.Contains("inline", list.Output);
        Assert.Contains("3.75", list.Output);

        var get = await _cli.RunAsync("xcom", "get", "cli_pipeline", RunId, "extract");
        Assert.Equal(0, get.ExitCode);
        Assert.Contains("\"Id\": \"a\"", get.Output);
        Assert.Contains("\"Amount\": 2.50", get.Output);

        var missing = await _cli.RunAsync("xcom", "get", "cli_pipeline", RunId, "extract", "--key", "nope");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains($"No XCom for dag 'cli_pipeline', run '{RunId}', task 'extract', key 'nope'", missing.Error);
    }

    [Fact]
    public async Task TasksLogs_PrintsTheLogOfTheLatestTry()
    {
        Assert.Equal(0, (await _cli.RunAsync("dags", "test", "cli_pipeline", "2024-03-01", "-q")).ExitCode);

        var logs = await _cli.RunAsync("tasks", "logs", "cli_pipeline", RunId, "load");

        Assert.Equal(0, logs.ExitCode);
        Assert.Contains("total is 3.75", logs.Output);
        Assert.Contains("Marking task as SUCCESS", logs.Output);
        Assert.True(File.Exists(Path.Combine(_cli.BatonHome, "logs", "dag_id=cli_pipeline", $"run_id={RunId}", "task_id=load", "attempt=1.log")));
    }

    [Fact]
    public async Task DagsTest_WithFailingTask_ExitsNonZeroAndNamesTheError()
    {
        var result = await _cli.RunAsync("dags", "test", "cli_failing", "2024-03-01", "-q");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("DAG run manual__2024-03-01T00:00:00+00:00: failed", result.Output);
        Assert.Contains("task explode failed: InvalidOperationException: kaboom", result.Error);
    }

    [Fact]
    public async Task TasksListAndTest_ShowTasksAndRunOneWithUpstreamValuesFromTheRun()
    {
        var list = await _cli.RunAsync("tasks", "list", "cli_pipeline");
        Assert.Matches(@"transform\s+\| extract", list.Output);

        Assert.Equal(0, (await _cli.RunAsync("dags", "test", "cli_pipeline", "2024-03-01", "-q")).ExitCode);
        var test = await _cli.RunAsync("tasks", "test", "cli_pipeline", "transform", "2024-03-01");

        Assert.Equal(0, test.ExitCode);
        Assert.Contains("Returned value: 3.75", test.Output);
        Assert.Contains("Task transform: success", test.Output);

        var noUpstream = await _cli.RunAsync("tasks", "test", "cli_pipeline", "transform", "2030-01-01");
        Assert.Equal(1, noUpstream.ExitCode);
        Assert.Contains("Task transform: failed", noUpstream.Output);
        var runs = await _cli.RunAsync("dags", "list-runs", "cli_pipeline");
        Assert.DoesNotContain("__baton_temporary_run_", runs.Output);
    }

    [Fact]
    public async Task TriggerPauseUnpause_RecordQueuedRunAndPausedState()
    {
        var trigger = await _cli.RunAsync("dags", "trigger", "cli_pipeline", "--conf", "{\"x\": 1}", "--run-id", "my_run");
        Assert.Equal(0, trigger.ExitCode);
        Assert.Contains("Created run my_run of cli_pipeline (queued)", trigger.Output);
        Assert.Contains("is paused", trigger.Error);

        Assert.Contains("cli_pipeline | my_run | queued", (await _cli.RunAsync("dags", "list-runs", "cli_pipeline")).Output);
        Assert.Contains("paused: False", (await _cli.RunAsync("dags", "unpause", "cli_pipeline")).Output);
        Assert.Matches(@"cli_pipeline \| @daily\s+\| False", (await _cli.RunAsync("dags", "list")).Output);

        var badRunId = await _cli.RunAsync("dags", "trigger", "cli_pipeline", "--run-id", "../escape");
        Assert.Equal(2, badRunId.ExitCode);
        Assert.Contains("invalid run id '../escape'", badRunId.Error);

        var badConf = await _cli.RunAsync("dags", "trigger", "cli_pipeline", "--conf", "[1]");
        Assert.Equal(2, badConf.ExitCode);
        Assert.Contains("--conf must be a JSON object", badConf.Error);
    }

    [Fact]
    public async Task Backfill_CreatesAndRunsOneRunPerInterval()
    {
        var result = await _cli.RunAsync("dags", "backfill", "cli_pipeline", "--start-date", "2024-02-01", "--end-date", "2024-02-03");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("backfill__2024-02-01T00:00:00+00:00 | success", result.Output);
        Assert.Contains("backfill__2024-02-03T00:00:00+00:00 | success", result.Output);
        Assert.Contains("3 backfill run(s); 3 succeeded", result.Output);
    }

    [Fact]
    public async Task UnknownDagOrCommand_PrintsWhatWasExpected()
    {
        var dag = await _cli.RunAsync("dags", "test", "no_such_dag");
        Assert.Equal(1, dag.ExitCode);
        Assert.Contains("DAG 'no_such_dag' not found; known DAGs: cli_failing, cli_pipeline", dag.Error);

        var command = await _cli.RunAsync("dags", "explode");
        Assert.NotEqual(0, command.ExitCode);
        Assert.Contains("Unrecognized command or argument 'explode'", command.Error);

        var date = await _cli.RunAsync("dags", "test", "cli_pipeline", "yesterday-ish");
        Assert.Equal(2, date.ExitCode);
        Assert.Contains("logical_date 'yesterday-ish' is not a date", date.Error);
    }

    [Fact]
    public async Task BadSettings_FailWithAMessageNamingTheSetting()
    {
        var parallelism = await _cli.RunAsync(["dags", "list"], CancellationToken.None, new Dictionary<string, string> { ["BATON__CORE__PARALLELISM"] = "0" });
        Assert.Equal(1, parallelism.ExitCode);
        Assert.Contains("BATON__CORE__PARALLELISM must be between 1 and 10000, not 0", parallelism.Error);

        var backend = await _cli.RunAsync(["dags", "list"], CancellationToken.None, new Dictionary<string, string> { ["BATON__XCOM__BACKEND"] = "System.String" });
        Assert.Equal(1, backend.ExitCode);
        Assert.Contains("type System.String must be a non-abstract class deriving from Baton.XComs.XComBackend", backend.Error);
    }

    [Fact]
    public async Task ConfigList_ShowsEffectiveSettingsWithSecretsMasked()
    {
        var result = await _cli.RunAsync(["config", "list"], CancellationToken.None, new Dictionary<string, string>
        {
            ["BATON__SECURITY__ENCRYPTION_KEY"] = Convert.ToBase64String(new byte[32]),
            ["BATON__XCOM__MAX_INLINE_SIZE"] = "2048",
        });

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"xcom\s+\| max_inline_size\s+\| 2048", result.Output);
        Assert.Matches(@"security\s+\| encryption_key\s+\| \*\*\*", result.Output);
        Assert.DoesNotContain(Convert.ToBase64String(new byte[32]), result.Output);
    }

    [Fact]
    public async Task DbMigrate_ReportsTheSchemaIsCurrent()
    {
        var result = await _cli.RunAsync("db", "migrate");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Database is up to date.", result.Output);
        Assert.True(File.Exists(Path.Combine(_cli.BatonHome, "baton.db")));
    }
}
