using System.Runtime.InteropServices;

namespace Baton.Hosting.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM for the command line: the first asks the command to stop (its cancellation token is
/// cancelled, running tasks are stopped and recorded), the second ends the process at once, as the signal's default does.
/// </summary>
/// <remarks>
/// Replaces System.CommandLine's handler, which gives a command two seconds and then returns while the command still
/// runs (leaving its run recorded as running), and which throws on a second signal. The token is cancelled on the
/// thread pool, so a task's cancellation callback that blocks cannot block the next signal.
/// </remarks>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly TextWriter _error;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _received;

    private TerminationSignals(CancellationTokenSource source, TextWriter error)
    {
        _source = source;
        _error = error;
    }

    /// <summary>Cancels <paramref name="source"/> on the first SIGINT or SIGTERM; a second one ends the process.</summary>
    public static TerminationSignals Register(CancellationTokenSource source, TextWriter error)
    {
        var signals = new TerminationSignals(source, error);
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            try
            {
                signals._registrations.Add(PosixSignalRegistration.Create(signal, signals.OnSignal));
            }
            catch (PlatformNotSupportedException)
            {
                // A platform without this signal (SIGTERM on some): the other one still stops the command.
            }
        }

        return signals;
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) > 1)
        {
            // The default action: the process ends now, whatever is still running.
            context.Cancel = false;
            return;
        }

        context.Cancel = true;
        try
        {
            _error.WriteLine($"Stopping ({(context.Signal == PosixSignal.SIGINT ? "interrupted by user" : "terminated")}); press Ctrl+C again to stop at once.");
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Stderr gone: stopping matters more than saying so.
        }

        _ = _source.CancelAsync();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
