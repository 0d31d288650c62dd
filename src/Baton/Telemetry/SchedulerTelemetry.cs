using System.Diagnostics.Metrics;

namespace Baton.Telemetry;

/// <summary>
/// <c>baton.scheduler.loop.lag</c>: how late each scheduler pass starts against its poll interval (the time since the
/// previous pass ended, less the interval). A lag that grows means the process is starved (thread pool, CPU, GC).
/// </summary>
internal static class SchedulerTelemetry
{
    private static readonly double[] LagBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly Histogram<double> LoopLag = BatonTelemetry.Meter.CreateHistogram(
        "baton.scheduler.loop.lag", "s", "How late each scheduler loop iteration started after its poll interval.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });

    /// <summary>Whether anyone listens, so the loop reads the clock only then.</summary>
    public static bool Enabled => LoopLag.Enabled;

    /// <summary>Records one iteration's lag: <paramref name="sincePreviousPass"/> less <paramref name="pollInterval"/>, at least zero.</summary>
    public static void RecordLoopLag(TimeSpan sincePreviousPass, TimeSpan pollInterval) =>
        LoopLag.Record(Math.Max(0, (sincePreviousPass - pollInterval).TotalSeconds));
}
