using System.Collections;
using System.Diagnostics;
using Baton.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Baton.Benchmarks.Infrastructure;

/// <summary>
/// <c>--telemetry</c>: OpenTelemetry's SDK subscribed to Baton's source and meter as an app would subscribe it: spans
/// through a batch processor, metrics through a periodic reader (every second), both into the in-memory exporter. The
/// exporter's collections count what they are given and keep nothing, so memory does not grow over a long session.
/// </summary>
internal sealed class TelemetryListeners : IDisposable
{
    private static long _spansExportedByDisposed;

    private readonly CountingCollection<Activity> _spans = new();
    private readonly CountingCollection<Metric> _metrics = new();
    private readonly TracerProvider _tracing;
    private readonly MeterProvider _metering;

    public TelemetryListeners()
    {
        _tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(BatonTelemetry.ActivitySourceName)
            .AddProcessor(new BatchActivityExportProcessor(new InMemoryExporter<Activity>(_spans)))
            .Build();
        _metering = Sdk.CreateMeterProviderBuilder()
            .AddMeter(BatonTelemetry.MeterName)
            .AddInMemoryExporter(_metrics, reader => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 1000)
            .Build();
    }

    /// <summary>What was exported so far, for the last line of the output (proof that telemetry was on).</summary>
    public string Summary()
    {
        _tracing.ForceFlush();
        _metering.ForceFlush();
        return $"telemetry: OpenTelemetry SDK attached (source and meter '{BatonTelemetry.ActivitySourceName}'): " +
            $"{_spans.Count} spans and {_metrics.Count} metrics (one per instrument per export, every second) exported to memory";
    }

    /// <summary>Spans exported by every listener disposed so far (<c>--telemetry-compare</c> attaches one per run).</summary>
    public static long SpansExportedByDisposed => Interlocked.Read(ref _spansExportedByDisposed);

    public void Dispose()
    {
        // Disposing flushes: the batch processor exports what it still holds.
        _tracing.Dispose();
        _metering.Dispose();
        Interlocked.Add(ref _spansExportedByDisposed, _spans.Count);
    }

    /// <summary>A collection that only counts what is added to it.</summary>
    private sealed class CountingCollection<T> : ICollection<T>
    {
        private long _count;

        public int Count => (int)Math.Min(int.MaxValue, Interlocked.Read(ref _count));

        public bool IsReadOnly => false;

        public void Add(T item) => Interlocked.Increment(ref _count);

        public void Clear() => Interlocked.Exchange(ref _count, 0);

        public bool Contains(T item) => false;

        public void CopyTo(T[] array, int arrayIndex)
        {
        }

        public bool Remove(T item) => false;

        public IEnumerator<T> GetEnumerator() => Enumerable.Empty<T>().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
