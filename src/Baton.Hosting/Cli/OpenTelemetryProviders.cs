namespace Baton.Hosting.Cli;

/// <summary>
/// Builds the OpenTelemetry providers an app registered with <c>builder.Services.AddOpenTelemetry()</c>. OpenTelemetry
/// builds them from a hosted service when a host starts; a command runs on a built host that is never started (it would
/// start the app's other hosted services, such as the scheduler), so without this nothing would listen to Baton's
/// source and meter. Resolving a provider subscribes it; disposing the host flushes and stops it. Found by type name,
/// so Baton takes no dependency on OpenTelemetry and an app without it pays nothing.
/// </summary>
internal static class OpenTelemetryProviders
{
    private static readonly string[] ProviderTypes =
    [
        "OpenTelemetry.Trace.TracerProvider, OpenTelemetry.Api",
        "OpenTelemetry.Metrics.MeterProvider, OpenTelemetry.Api",
        "OpenTelemetry.Logs.LoggerProvider, OpenTelemetry.Api",
    ];

    /// <summary>Resolves each provider type that is loadable and registered in <paramref name="services"/>.</summary>
    public static void Start(IServiceProvider services)
    {
        foreach (var name in ProviderTypes)
        {
            if (Type.GetType(name, throwOnError: false) is { } type)
            {
                _ = services.GetService(type);
            }
        }
    }
}
