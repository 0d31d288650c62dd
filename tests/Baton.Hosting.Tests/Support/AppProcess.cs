using System.Diagnostics;

namespace Baton.Hosting.Tests.Support;

/// <summary>
/// Runs <c>Baton.TestApp</c> (a user's app with the test DAGs) as a real child process with its own console, with a
/// watchdog: a run that does not end within its limit is killed and reported as hung.
/// </summary>
internal static class AppProcess
{
    /// <summary>
    /// Runs the app with <paramref name="args"/> in <paramref name="workingDirectory"/>. Stdout goes to
    /// <paramref name="stdoutFile"/> when given (a regular file, as with <c>&gt; out.log</c>), else to a pipe.
    /// </summary>
    public static async Task<AppResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan limit, string? stdoutFile, params string[] args)
    {
        var start = TestAppProcess.CreateStartInfo(workingDirectory, environment, stdoutFile, args);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the test app");
        var stdout = stdoutFile is null ? process.StandardOutput.ReadToEndAsync() : Task.FromResult("");
        var stderr = process.StandardError.ReadToEndAsync();
        using var watchdog = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(watchdog.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new AppResult(-1, await stdout, await stderr, Hung: true);
        }

        // A device such as /dev/full is written to, never read back.
        var output = stdoutFile is null ? await stdout : stdoutFile.StartsWith("/dev/", StringComparison.Ordinal) ? "" : await File.ReadAllTextAsync(stdoutFile);
        return new AppResult(process.ExitCode, output, await stderr, Hung: false);
    }
}

/// <summary>How a child process ended: its exit code and output, or <see cref="Hung"/> when the watchdog killed it.</summary>
internal sealed record AppResult(int ExitCode, string Output, string Error, bool Hung)
{
    public override string ToString() => $"{(Hung ? "HUNG (killed by the watchdog)" : $"exit {ExitCode}")}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
