using Baton.Hosting.Tests.Support;

namespace Baton.Hosting.Tests;

/// <summary>Every delete path purges stored objects: run through the CLI against a real directory store.</summary>
public sealed class ObjectStorageLifecycleTests : IDisposable
{
    private const string RunId = "manual__2024-03-01T00:00:00+00:00";
    private readonly string _store = Directory.CreateTempSubdirectory("baton-cli-store-").FullName;
    private readonly CliRunner _cli;

    public ObjectStorageLifecycleTests()
    {
        _cli = new CliRunner(new Dictionary<string, string>
        {
            ["BATON__XCOM__BACKEND"] = "objectstorage",
            ["BATON__XCOM__PATH"] = new Uri(_store + "/").AbsoluteUri + "xcom",
            ["BATON__XCOM__THRESHOLD"] = "0",
            ["BATON__XCOM__COMPRESSION"] = "zstd",
        });
    }

    public void Dispose()
    {
        _cli.Dispose();
        Directory.Delete(_store, recursive: true);
    }

    private List<string> Objects() => Directory.Exists(_store)
        ? [.. Directory.EnumerateFiles(_store, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".meta", StringComparison.Ordinal) && !f.EndsWith(".manifest.json", StringComparison.Ordinal))]
        : [];

    private async Task RunPipelineAsync(string date = "2024-03-01")
    {
        var result = await _cli.RunAsync("dags", "test", "cli_pipeline", date, "-q");
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task DagsTest_StoresEveryValueAsAnObjectAndXComCommandsReadIt()
    {
        await RunPipelineAsync();

        Assert.Equal(2, Objects().Count);
        var list = await _cli.RunAsync("xcom", "list");
        Assert.Contains("| object", list.Output);
        Assert.Contains("zstd", list.Output);
        var location = list.Output.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).First(w => w.StartsWith("file://", StringComparison.Ordinal) && w.Contains("/extract/", StringComparison.Ordinal));

        var get = await _cli.RunAsync("xcom", "get", "cli_pipeline", RunId, "extract");
        Assert.Contains("\"Amount\": 2.50", get.Output);

        var output = Path.Combine(_cli.Home, "value.json");
        var toFile = await _cli.RunAsync("xcom", "get", "cli_pipeline", RunId, "transform", "--output", output);
        Assert.Equal(0, toFile.ExitCode);
        Assert.Equal("3.75", await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken));

        // Without the metadata database: a fresh BATON_HOME knows nothing, the object describes itself.
        using var stranger = new CliRunner();
        var inspect = await stranger.RunAsync("xcom", "inspect", location);
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        Assert.Matches(@"task_id\s+\| extract", inspect.Output);
        Assert.Matches(@"compression\s+\| zstd", inspect.Output);
        Assert.Contains("\"Id\": \"a\"", inspect.Output);
    }

    [Fact]
    public async Task TasksClear_PurgesTheClearedTasksObjects()
    {
        await RunPipelineAsync();

        var clear = await _cli.RunAsync("tasks", "clear", "cli_pipeline", "-t", "^transform$", "--yes");

        Assert.Equal(0, clear.ExitCode);
        Assert.Contains("Cleared 1 task instance(s) in 1 run(s); deleted 1 XCom(s).", clear.Output);
        Assert.Single(Objects());
        Assert.Matches(@"cli_pipeline \| " + System.Text.RegularExpressions.Regex.Escape(RunId) + @"\s+\| queued", (await _cli.RunAsync("dags", "list-runs", "cli_pipeline")).Output);
    }

    [Fact]
    public async Task DagsClear_PurgesEveryObjectOfTheRuns()
    {
        await RunPipelineAsync();

        var clear = await _cli.RunAsync("dags", "clear", "cli_pipeline", "--yes");

        Assert.Contains("deleted 2 XCom(s)", clear.Output);
        Assert.Empty(Objects());
    }

    [Fact]
    public async Task DeletingARun_PurgesItsObjects()
    {
        await RunPipelineAsync("2024-03-01");
        await RunPipelineAsync("2024-03-02");

        var delete = await _cli.RunAsync("dags", "delete", "cli_pipeline", "--run-id", RunId, "--yes");

        Assert.Contains("Deleted 1 run(s)", delete.Output);
        Assert.Equal(2, Objects().Count);
        Assert.All(Objects(), o => Assert.Contains("2024-03-02", o.Replace("~3A", ":", StringComparison.Ordinal), StringComparison.Ordinal));
    }

    [Fact]
    public async Task XComDelete_PurgesTheObject()
    {
        await RunPipelineAsync();

        var delete = await _cli.RunAsync("xcom", "delete", "cli_pipeline", "--task-id", "extract", "--yes");

        Assert.Contains("Deleted 1 XCom(s).", delete.Output);
        Assert.Single(Objects());
    }

    [Fact]
    public async Task DbClean_DeletesOldRunsAndTheirObjects()
    {
        await RunPipelineAsync("2024-01-01");
        await RunPipelineAsync("2024-03-01");

        var dry = await _cli.RunAsync("db", "clean", "--older-than", "2024-02-01", "--dry-run");
        Assert.Contains("1 run(s) older than 2024-02-01T00:00:00.000Z would be deleted (dry run).", dry.Output);
        Assert.Equal(4, Objects().Count);

        var clean = await _cli.RunAsync("db", "clean", "--older-than", "2024-02-01", "--yes");
        Assert.Contains("Deleted 1 run(s)", clean.Output);
        Assert.Equal(2, Objects().Count);
        Assert.DoesNotContain("2024-01-01", (await _cli.RunAsync("dags", "list-runs", "cli_pipeline")).Output);
    }

    [Fact]
    public async Task DestructiveCommands_AskFirstAndDoNothingWhenRefused()
    {
        await RunPipelineAsync();

        var refused = await _cli.RunAsync(["xcom", "delete", "cli_pipeline"], CancellationToken.None, input: "n\n");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Are you sure? [y/N]", refused.Output);
        Assert.Contains("Cancelled, nothing was changed.", refused.Output);
        Assert.Equal(2, Objects().Count);
    }

    [Fact]
    public async Task XComSweep_ReportsAndDeletesOnlyOldOrphansOfThisInstallation()
    {
        await RunPipelineAsync();
        // An orphan of this installation: named as its backend names objects, with the ownership key in its BATON_HOME.
        var paths = new Baton.Configuration.BatonPaths(
            Baton.Configuration.BatonEnvironment.Create(_cli.Home, new Dictionary<string, string>()), new Baton.Configuration.CoreOptions { Home = _cli.BatonHome });
        const string XComDirectory = "cli_pipeline/gone_run/t/-1/return_value";
        var name = new Baton.Storage.ObjectOwnership(paths).NewObjectName(XComDirectory, "json", DateTimeOffset.UtcNow);
        var orphanDirectory = Path.Combine(_store, "xcom", "cli_pipeline", "gone_run", "t", "-1", "return_value");
        Directory.CreateDirectory(orphanDirectory);
        var orphan = Path.Combine(orphanDirectory, name);
        await File.WriteAllTextAsync(orphan, "1", TestContext.Current.CancellationToken);
        var users = Path.Combine(_store, "xcom", "notes.txt");
        await File.WriteAllTextAsync(users, "mine", TestContext.Current.CancellationToken);

        var young = await _cli.RunAsync("xcom", "sweep", "--grace", "1h");
        Assert.Contains("Scanned 4 object(s): 2 referenced, 0 orphan(s) deleted, 1 orphan(s) younger than 01:00:00 kept;", young.Output);
        Assert.True(File.Exists(orphan));

        File.SetLastWriteTimeUtc(orphan, DateTime.UtcNow.AddHours(-3));
        File.SetLastWriteTimeUtc(users, DateTime.UtcNow.AddHours(-3));
        var swept = await _cli.RunAsync("xcom", "sweep", "--grace", "1h");
        Assert.Contains("deleted file://", swept.Output);
        Assert.Contains("Skipped 1 object(s) this Baton installation did not write (never deleted): file://", swept.Output);
        Assert.False(File.Exists(orphan));
        Assert.Equal("mine", await File.ReadAllTextAsync(users, TestContext.Current.CancellationToken));
        Assert.Equal(3, Objects().Count);
    }
}
