using System.Diagnostics;
using System.Text;

namespace Baton.Web.BrowserTests.Support;

/// <summary>
/// The tutorial app (examples/XComTutorial, copied into this project's output) as a real child process:
/// <c>dotnet XComTutorial.dll &lt;args&gt;</c> with the test run's own <c>BATON*</c> variables removed and the given ones set.
/// </summary>
internal sealed class TutorialAppProcess : IDisposable
{
    private const string AppDll = "XComTutorial.dll";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private TutorialAppProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    /// <summary>What the process has printed so far, stdout then stderr.</summary>
    public string Printed
    {
        get
        {
            lock (_output)
            {
                return $"--- stdout\n{_output}\n--- stderr\n{_error}";
            }
        }
    }

    /// <summary>Starts the app; it runs until it ends or <see cref="Dispose"/> kills it.</summary>
    public static TutorialAppProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory, UseShellExecute = false,
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, AppDll));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("BATON", StringComparison.OrdinalIgnoreCase) || k.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var child = new TutorialAppProcess(new Process { StartInfo = start });
        child._process.OutputDataReceived += (_, e) => child.Append(child._output, e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Append(child._error, e.Data);
        child._process.Start();
        child._process.StandardInput.Close();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs the app to its end; fails the test when it does not exit 0 within <paramref name="limit"/>.</summary>
    public static async Task<string> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan limit, CancellationToken cancellationToken, params string[] args)
    {
        using var child = Start(workingDirectory, environment, args);
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        watchdog.CancelAfter(limit);
        try
        {
            await child._process.WaitForExitAsync(watchdog.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"'{string.Join(' ', args)}' did not end within {limit}:\n{child.Printed}");
        }

        // WaitForExitAsync returns after the redirected streams have been read to their end.
        Assert.True(child._process.ExitCode == 0, $"'{string.Join(' ', args)}' ended with exit code {child._process.ExitCode}:\n{child.Printed}");
        return child.Printed;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            target.AppendLine(line);
        }
    }
}
