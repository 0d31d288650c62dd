using System.Diagnostics;
using System.Text;

namespace Baton.Hosting.Tests.Support;

/// <summary>Baton's command line in a real child process (the Baton.TestApp app, with the gated DAG) on a given BATON_HOME.</summary>
internal sealed class TestAppProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private const string TestAppDll = "Baton.TestApp.dll";

    private TestAppProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public static TestAppProcess Start(string workingDirectory, string batonHome, params string[] args) =>
        Start(workingDirectory, new Dictionary<string, string> { ["BATON_HOME"] = batonHome }, args);

    /// <summary>Starts the app with <paramref name="environment"/> (which should set BATON_HOME) and <paramref name="args"/>.</summary>
    public static TestAppProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartApp(TestAppDll, workingDirectory, environment, args);

    /// <summary>Starts another app of the test's output directory (e.g. <c>HostedScheduler.dll</c>), as <see cref="Start(string, IReadOnlyDictionary{string, string}, string[])"/> does.</summary>
    public static TestAppProcess StartApp(string appDll, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = CreateStartInfo(workingDirectory, environment, stdoutFile: null, args);
        start.ArgumentList[start.ArgumentList.IndexOf(Path.Combine(AppContext.BaseDirectory, TestAppDll))] = Path.Combine(AppContext.BaseDirectory, appDll);
        var process = new Process { StartInfo = start };
        var child = new TestAppProcess(process);
        process.OutputDataReceived += (_, e) => Append(child._output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(child._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// How to start the test app with <paramref name="args"/>: the test run's own <c>BATON*</c> variables removed, then
    /// <paramref name="environment"/> set. Stdout is piped, or, with <paramref name="stdoutFile"/>, written to that file
    /// (<c>sh -c 'exec … &gt; file'</c>: a real file as stdout, where the runtime locks Console.Out on every write).
    /// </summary>
    public static ProcessStartInfo CreateStartInfo(string workingDirectory, IReadOnlyDictionary<string, string> environment, string? stdoutFile, params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = stdoutFile is null
            ? new ProcessStartInfo(dotnet) { RedirectStandardOutput = true }
            : new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", "exec \"$BATON_TEST_DOTNET\" \"$@\" > \"$BATON_TEST_STDOUT\"", "sh" } };
        start.WorkingDirectory = workingDirectory;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, TestAppDll));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("BATON", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        if (stdoutFile is not null)
        {
            start.Environment["BATON_TEST_DOTNET"] = dotnet;
            start.Environment["BATON_TEST_STDOUT"] = stdoutFile;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>Waits for the process to end; returns its exit code and what it printed.</summary>
    public async Task<CliResult> WaitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        lock (_output)
        {
            lock (_error)
            {
                return new CliResult(_process.ExitCode, _output.ToString(), _error.ToString());
            }
        }
    }

    /// <summary>What the process has written to stdout so far.</summary>
    public string OutputSoFar
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>What the process has written to stderr so far.</summary>
    public string ErrorSoFar
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>Sends a signal with the real <c>kill</c> command, as a terminal's Ctrl+C (<c>INT</c>) or a service manager (<c>TERM</c>) does.</summary>
    public async Task SignalAsync(string signal, CancellationToken cancellationToken)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })
            ?? throw new InvalidOperationException("could not run kill");
        await kill.WaitForExitAsync(cancellationToken);
        Assert.True(kill.ExitCode == 0, $"kill -{signal} {_process.Id} failed with exit code {kill.ExitCode}");
    }

    /// <summary>Waits until stdout holds <paramref name="text"/>; fails with what was printed if the process ends first.</summary>
    public async Task WaitForOutputAsync(string text, CancellationToken cancellationToken)
    {
        while (!OutputSoFar.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                Assert.Fail($"the process ended (exit {_process.ExitCode}) before printing '{text}':\n{OutputSoFar}\n{ErrorSoFar}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Waits until stderr holds <paramref name="text"/>; fails with what was printed if the process ends first.</summary>
    public async Task WaitForErrorAsync(string text, CancellationToken cancellationToken)
    {
        while (!ErrorSoFar.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                Assert.Fail($"the process ended (exit {_process.ExitCode}) before printing '{text}' to stderr:\n{ErrorSoFar}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>SIGKILL, as <c>kill -9</c>: the process gets no chance to clean up.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

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
}
