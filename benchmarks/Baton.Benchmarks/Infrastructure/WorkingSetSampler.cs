using System.Diagnostics;

namespace Baton.Benchmarks.Infrastructure;

/// <summary>
/// Samples the process's working set on a background thread while a run is measured, keeping the peak.
/// <see cref="Process.PeakWorkingSet64"/> only grows over the process's life, so it cannot tell one run from the next.
/// </summary>
internal sealed class WorkingSetSampler : IDisposable
{
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();
    private long _peak;

    private WorkingSetSampler(TimeSpan interval)
    {
        _peak = Environment.WorkingSet;
        _thread = new Thread(() =>
        {
            while (!_stop.Wait(interval))
            {
                Sample();
            }
        })
        { IsBackground = true, Name = "working-set-sampler" };
        _thread.Start();
    }

    /// <summary>The largest working set seen, in bytes.</summary>
    public long PeakBytes => Interlocked.Read(ref _peak);

    public static WorkingSetSampler Start(TimeSpan? interval = null) => new(interval ?? TimeSpan.FromMilliseconds(5));

    /// <summary>Takes a last sample and stops; returns the peak in bytes.</summary>
    public long Stop()
    {
        _stop.Set();
        _thread.Join();
        Sample();
        return PeakBytes;
    }

    public void Dispose()
    {
        if (!_stop.IsSet)
        {
            Stop();
        }

        _stop.Dispose();
    }

    private void Sample()
    {
        var current = Environment.WorkingSet;
        long seen;
        do
        {
            seen = Interlocked.Read(ref _peak);
        }
        while (current > seen && Interlocked.CompareExchange(ref _peak, current, seen) != seen);
    }
}
