using Microsoft.Extensions.DependencyInjection;

namespace Baton.Hosting;

/// <summary>Runs Baton's scheduler inside a .NET host, as <c>AddHangfireServer()</c> or <c>AddQuartzHostedService()</c> do.</summary>
public static class BatonSchedulerBuilderExtensions
{
    /// <summary>
    /// Registers the scheduler as a hosted <c>BackgroundService</c>: it starts with the host (after checking the settings
    /// and migrating the schema), stops gracefully with it, and recovers on restart the runs a previous stop left.
    /// </summary>
    /// <param name="builder">The builder <c>AddBaton()</c> returned.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static IBatonBuilder AddBatonScheduler(this IBatonBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHostedService<BatonSchedulerService>();
        return builder;
    }
}
