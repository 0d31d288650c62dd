using System.Text.Json;
using System.Text.RegularExpressions;
using Baton.Configuration;
using Baton.Hosting;
using BatonProject1.Dags;
using Microsoft.Data.Sqlite;

namespace BatonProject1.Tests;

/// <summary>
/// Runs the project's DAGs in-process, as <c>dotnet run -- …</c> would, on a BATON_HOME of their own in a temporary
/// directory (without this project's .env, so values stay in the metadata database there).
/// </summary>
public sealed partial class SimpleXcomTests : IDisposable
{
    private const string RunId = "manual__2022-12-20T00:00:00+00:00";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("baton-test-");

    [Fact]
    public async Task SimpleXcom_PrintsTheValueThatGenerateValueStored()
    {
        var run = await RunAsync("dags", "test", "simple_xcom", "2022-12-20");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"DAG run {RunId}: success", run.Output);
        var received = ReceivedLine().Match(run.Output);
        Assert.True(received.Success, run.ToString());

        var stored = await RunAsync("xcom", "get", "simple_xcom", RunId, "generate_value");

        Assert.True(stored.ExitCode == 0, stored.ToString());
        var value = JsonSerializer.Deserialize<SampleValue>(stored.Output);
        Assert.NotNull(value);
        Assert.Equal(int.Parse(received.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), value.RandomNumber);
        Assert.Equal(["xcom", "tutorial"], value.Record.Tags);
    }

    [Fact]
    public async Task DagsList_LoadsEveryDagWithoutErrors()
    {
        var run = await RunAsync("dags", "list");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("simple_xcom", run.Output);
        Assert.DoesNotContain("error", run.Output + run.Error, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var variables = new Dictionary<string, string> { ["BATON_HOME"] = Path.Combine(_directory.FullName, ".baton") };
        var options = new BatonAppOptions
        {
            Environment = BatonEnvironment.Create(_directory.FullName, variables),
            Output = output,
            Error = error,
        };
        options.DagAssemblies.Add(typeof(SimpleXcom).Assembly);
        var exitCode = await BatonApp.RunAsync(args, options, TestContext.Current.CancellationToken);
        return (exitCode, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [GeneratedRegex(@"Received random number (\d+) and record baton \[xcom, tutorial\] for 2022-12-20 in run manual__2022-12-20T00:00:00\+00:00")]
    private static partial Regex ReceivedLine();
}
