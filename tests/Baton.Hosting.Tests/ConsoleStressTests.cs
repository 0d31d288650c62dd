using Baton.Hosting.Tests.Support;
using Baton.Logging;
using Baton.TestApp.Dags;

namespace Baton.Hosting.Tests;

/// <summary>
/// Parallel tasks writing with <c>Console.WriteLine</c> and their task logger, in a real process, many times over: the
/// console router once deadlocked against the console's own lock there (2 runs in 10, at 0% CPU).
/// </summary>
public sealed class ConsoleStressTests : IDisposable
{
    private const int Runs = 20;
    private readonly string _home = Directory.CreateTempSubdirectory("baton-stress-").FullName;

    [Fact]
    public async Task DagsTest_WithParallelConsoleAndLoggerWriters_NeverHangs()
    {
        for (var run = 0; run < Runs; run++)
        {
            // Half the runs write stdout to a regular file (the runtime then locks Console.Out on every write), half to a pipe.
            var stdoutFile = run % 2 == 0 ? Path.Combine(_home, $"stdout-{run}.log") : null;
            var batonHome = Path.Combine(_home, $"home-{run}");
            var result = await AppProcess.RunAsync(_home, new Dictionary<string, string> { ["BATON_HOME"] = batonHome }, TimeSpan.FromSeconds(90), stdoutFile,
                "dags", "test", "console_stress", "2024-01-01");

            Assert.False(result.Hung, $"run {run} hung: {result}");
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("DAG run manual__2024-01-01T00:00:00+00:00: success", result.Output, StringComparison.Ordinal);
            for (var writer = 0; writer < 8; writer++)
            {
                // The echo of every task's log reaches stdout whole, and before the run's summary.
                var last = result.Output.IndexOf($"writer {writer} console line {ConsoleStressDag.LinesPerTask - 1}", StringComparison.Ordinal);
                Assert.InRange(last, 0, result.Output.IndexOf("DAG run manual__", StringComparison.Ordinal));
                var log = await File.ReadAllTextAsync(TaskLogPaths.For(Path.Combine(batonHome, "logs"), "console_stress", "manual__2024-01-01T00:00:00+00:00", $"writer_{writer}", -1, 1), TestContext.Current.CancellationToken);
                Assert.Equal(ConsoleStressDag.LinesPerTask, CountOf(log, $"writer {writer} console line "));
                Assert.Equal(ConsoleStressDag.LinesPerTask, CountOf(log, $"writer {writer} logger line "));
            }
        }
    }

    [Theory]
    [InlineData("dags", "list")]
    [InlineData("dags", "test", "console_stress", "2024-01-01")]
    public async Task Command_WhoseStdoutIsAFullDisk_FailsWithOneClearLine(params string[] args)
    {
        var result = await AppProcess.RunAsync(_home, new Dictionary<string, string> { ["BATON_HOME"] = Path.Combine(_home, "full") }, TimeSpan.FromSeconds(90), "/dev/full", args);

        Assert.False(result.Hung, result.ToString());
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: standard output could not be written: No space left on device", result.Error.Trim());
    }

    private static int CountOf(string text, string needle)
    {
        var count = 0;
        for (var at = text.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = text.IndexOf(needle, at + needle.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}
