using Baton.Hosting.Cli;
using Baton.Hosting.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Baton.Hosting.Tests;

/// <summary>
/// Progress on a terminal: one line rewritten in place at most five times a second, padded over a longer earlier line,
/// cleared at the end, silent after; sizes and rates as people read them; and nothing at all when stderr is redirected.
/// </summary>
public sealed class CliProgressTests
{
    [Fact]
    public void Report_RewritesOneLineAtMostFiveTimesASecond_AndDisposeClearsIt()
    {
        var time = new FakeTimeProvider();
        var terminal = new StringWriter();
        var progress = new CliProgress(terminal, time);

        progress.Report("Writing 1 MiB");
        progress.Report("Writing 2 MiB");
        time.Advance(TimeSpan.FromMilliseconds(250));
        progress.Report("Writing 3");
        progress.Dispose();
        progress.Report("after the end");

        Assert.Equal("\rWriting 1 MiB\rWriting 3    \r" + new string(' ', 9) + "\r", terminal.ToString());
    }

    [Fact]
    public void Report_EscapesControlCharactersOfWhatItShows()
    {
        var terminal = new StringWriter();
        using var progress = new CliProgress(terminal, new FakeTimeProvider());

        progress.Report("Backfill of a\u001b[31m: 1/2");

        Assert.DoesNotContain('\u001b', terminal.ToString());
    }

    [Fact]
    public void Bytes_ShowsDoneTotalPercentAndRate()
    {
        var time = new FakeTimeProvider();
        using var progress = new CliProgress(new StringWriter(), time);
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal("32.0 MiB of 64.0 MiB (50%), 16.0 MiB/s", progress.Bytes(32L << 20, 64L << 20));
        Assert.Equal("32.0 MiB, 16.0 MiB/s", progress.Bytes(32L << 20, null));
        Assert.Equal("512 B", CliProgress.Size(512));
        Assert.Equal("1.5 KiB", CliProgress.Size(1536));
        Assert.Equal("2.0 GiB", CliProgress.Size(2L << 30));
    }

    [Fact]
    public void Counter_ReportsSynchronously_SoNothingIsPrintedAfterTheLineIsCleared()
    {
        var terminal = new StringWriter();
        var progress = new CliProgress(terminal, new FakeTimeProvider());
        var counter = progress.Counter((done, total) => $"{done}/{total} run(s) done", force: true);

        counter.Report((1, 3));
        counter.Report((2, 3));
        progress.Dispose();
        counter.Report((3, 3));

        Assert.Equal("\r1/3 run(s) done\r2/3 run(s) done\r" + new string(' ', 15) + "\r", terminal.ToString());
    }

    [Fact]
    public async Task XComGetOutput_WithStderrRedirected_PrintsNoProgress()
    {
        using var cli = new CliRunner();
        Assert.Equal(0, (await cli.RunAsync("dags", "test", "cli_pipeline", "2024-01-02", "-q")).ExitCode);
        var file = Path.Combine(cli.Home, "value.json");

        var result = await cli.RunAsync("xcom", "get", "cli_pipeline", "manual__2024-01-02T00:00:00+00:00", "extract", "--output", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(file));
        Assert.DoesNotContain('\r', result.Error + result.Output);
        Assert.Contains("Wrote ", result.Error, StringComparison.Ordinal);
    }
}
