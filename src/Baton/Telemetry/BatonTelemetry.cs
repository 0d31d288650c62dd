using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Baton.Telemetry;

/// <summary>
/// The names of Baton's <see cref="ActivitySource"/> (a span per DAG run, task try and XCom push or pull) and
/// <see cref="Meter"/> (task, XCom, scheduler and executor metrics), to pass to OpenTelemetry's <c>AddSource</c> and
/// <c>AddMeter</c>. Baton depends on System.Diagnostics only; without a listener its instrumentation costs next to nothing.
/// </summary>
public static class BatonTelemetry
{
    /// <summary>The name of Baton's <see cref="ActivitySource"/>: <c>Baton</c>.</summary>
    public const string ActivitySourceName = "Baton";

    /// <summary>The name of Baton's <see cref="System.Diagnostics.Metrics.Meter"/>: <c>Baton</c>.</summary>
    public const string MeterName = "Baton";

    private static readonly string? Version =
        typeof(BatonTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    /// <summary>The source of every span Baton starts.</summary>
    internal static readonly ActivitySource Source = new(ActivitySourceName, Version);

    /// <summary>The meter of every instrument Baton records.</summary>
    internal static readonly Meter Meter = new(MeterName, Version);
}
