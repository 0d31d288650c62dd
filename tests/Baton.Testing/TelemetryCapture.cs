using System.Diagnostics;
using Baton.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Baton.Testing;

/// <summary>OpenTelemetry's SDK subscribed to Baton's source and meter by their public names, exporting into memory.</summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly TracerProvider _tracing;
    private readonly MeterProvider _metering;

    public TelemetryCapture()
    {
        _tracing = Sdk.CreateTracerProviderBuilder().AddSource(BatonTelemetry.ActivitySourceName).AddInMemoryExporter(_spans).Build();
        _metering = Sdk.CreateMeterProviderBuilder().AddMeter(BatonTelemetry.MeterName).AddInMemoryExporter(_metrics).Build();
    }

    /// <summary>The spans ended so far (each is exported as it ends).</summary>
    public IReadOnlyList<Activity> Spans
    {
        get
        {
            lock (_spans)
            {
                return [.. _spans];
            }
        }
    }

    /// <summary>Collects the metrics now (cumulative since this capture started).</summary>
    public IReadOnlyList<MetricSnapshot> CollectMetrics()
    {
        lock (_metrics)
        {
            _metrics.Clear();
            _metering.ForceFlush();
            return [.. _metrics];
        }
    }

    /// <summary>The one metric called <paramref name="name"/>, collected now.</summary>
    public MetricSnapshot Metric(string name)
    {
        var metrics = CollectMetrics();
        return metrics.SingleOrDefault(m => m.Name == name)
            ?? throw new InvalidOperationException($"no metric {name} was exported; exported: {string.Join(", ", metrics.Select(m => m.Name))}");
    }

    public void Dispose()
    {
        _tracing.Dispose();
        _metering.Dispose();
    }
}
