using System.Diagnostics;
using System.Text;

namespace Baton.Hosting.Tests.Support;

/// <summary>
/// Runs a program (the <c>dotnet</c> CLI, a generated app) as a child process with a watchdog, in an environment cleaned
/// of what the test run itself carries: its <c>BATON*</c> settings, and the MSBuild and test-platform variables that
/// <c>dotnet test</c> sets, which would steer a nested <c>dotnet build</c> or <c>dotnet test</c>.
/// </summary>
internal static class ChildProcess
{
    private static readonly string[] InheritedPrefixes = ["BATON", "MSBUILD", "TESTINGPLATFORM", "VSTEST", "DOTNET_CLI_TEST", "OTEL_"];

    /// <summary>The dotnet host running the tests.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>Runs <paramref name="fileName"/> with <paramref name="args"/>; a run longer than <paramref name="limit"/> is killed and reported as hung.</summary>
    public static async Task<AppResult> RunAsync(string fileName, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment, TimeSpan limit, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory, UseShellExecute = false,
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => InheritedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        watchdog.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(watchdog.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return new AppResult(-1, Text(output), Text(error), Hung: true);
        }

        return new AppResult(process.ExitCode, Text(output), Text(error), Hung: false);
    }

    /// <summary>Runs the dotnet CLI (<c>dotnet new</c>, <c>build</c>, <c>test</c>, or an app's dll).</summary>
    public static Task<AppResult> DotnetAsync(string workingDirectory, TimeSpan limit, CancellationToken cancellationToken, params string[] args) =>
        RunAsync(Dotnet, args, workingDirectory, null, limit, cancellationToken);

    private static void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.AppendLine(line);
        }
    }

    private static string Text(StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }
}
