using System.Text.RegularExpressions;
using Baton.Hosting.Tests.Support;
using Baton.TestApp.Dags;

namespace Baton.Hosting.Tests;

/// <summary>
/// Two real scheduler processes on one BATON_HOME: each run is created once, driven by the one scheduler that holds it,
/// and its end is logged once; the other scheduler skips it.
/// </summary>
public sealed partial class TwoSchedulersTests : IDisposable
{
    private const int Runs = 8;
    private static readonly TimeSpan Watchdog = TimeSpan.FromMinutes(2);

    private readonly CliRunner _cli = new(new Dictionary<string, string> { ["BATON__CORE__DAGS_ARE_PAUSED_AT_CREATION"] = "false" }, typeof(CatchupDag).Assembly);

    public TwoSchedulersTests() => Directory.CreateDirectory(Marks);

    private string Marks => Path.Combine(_cli.Home, "marks");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _cli.Dispose();

    [GeneratedRegex(@"DAG run catchup (\S+) ended (\w+)")]
    private static partial Regex RunEnded();

    [Fact]
    public async Task TwoSchedulers_DriveEachRunOnceAndLogEachRunsEndOnce()
    {
        var environment = new Dictionary<string, string>
        {
            ["BATON_HOME"] = _cli.BatonHome, [CatchupDag.MarksVariable] = Marks,
            ["BATON__SCHEDULER__POLL_INTERVAL"] = "00:00:00.020", ["BATON__CORE__DAGS_ARE_PAUSED_AT_CREATION"] = "false",
        };
        using var first = TestAppProcess.Start(_cli.Home, environment, "scheduler");
        using var second = TestAppProcess.Start(_cli.Home, environment, "scheduler");
        var exits = new[] { first.WaitAsync(Ct), second.WaitAsync(Ct) };

        using (var watchdog = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            watchdog.CancelAfter(Watchdog);
            while (Regex.Count((await _cli.RunAsync("dags", "list-runs", CatchupDag.Id)).Output, @"\| success \|") < Runs && !exits.Any(e => e.IsCompleted))
            {
                await Task.Delay(100, watchdog.Token);
            }
        }

        await first.SignalAsync("TERM", Ct);
        await second.SignalAsync("TERM", Ct);
        var results = await Task.WhenAll(exits).WaitAsync(Watchdog, Ct);

        Assert.All(results, r => Assert.True(r.ExitCode == 0 && !r.Error.Contains("error", StringComparison.OrdinalIgnoreCase) && !r.Error.Contains("fail:", StringComparison.Ordinal), r.ToString()));
        var ended = results.SelectMany(r => RunEnded().Matches(r.Error)).Select(m => (RunId: m.Groups[1].Value, State: m.Groups[2].Value)).ToList();
        Assert.Equal(Runs, ended.Count);
        Assert.Equal(Runs, ended.Select(e => e.RunId).Distinct().Count());
        Assert.All(ended, e => Assert.Equal("success", e.State));
        var marks = Directory.EnumerateFiles(Marks).Select(Path.GetFileName).ToList();
        Assert.Equal(Runs * 2, marks.Count);
        Assert.Equal(Runs * 2, marks.Select(m => string.Join('.', m!.Split('.')[..2])).Distinct().Count());
    }
}
