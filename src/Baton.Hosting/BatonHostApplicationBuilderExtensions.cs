using Baton.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Baton.Hosting;

/// <summary>Adds Baton to a .NET host (a worker service, an ASP.NET Core app, the command line <see cref="BatonApp"/> runs).</summary>
public static class BatonHostApplicationBuilderExtensions
{
    /// <summary>
    /// Adds Baton's settings to the host's configuration — <c>baton.json</c> and <c>.env</c> of the content root, and the
    /// <c>BATON__…</c> variables, over <c>appsettings.json</c> — and Baton's services. A settings file or <c>.env</c> that
    /// cannot be read is reported when Baton starts (the command, or the hosted scheduler), not thrown from here.
    /// </summary>
    /// <param name="builder">The host builder, e.g. <c>Host.CreateApplicationBuilder(args)</c>.</param>
    /// <returns>The builder that adds DAGs, stores, backends and the hosted scheduler.</returns>
    public static IBatonBuilder AddBaton(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (BatonBuilder.In(builder.Services) is { } existing)
        {
            return existing;
        }

        try
        {
            var environment = BatonEnvironment.FromProcess(builder.Environment.ContentRootPath);
            builder.Services.TryAddSingleton(environment);
            BatonSettings.AddSources(builder.Configuration, environment);
        }
        catch (BatonConfigurationException e)
        {
            builder.Services.AddSingleton(new BatonStartupError(e));
        }

        return builder.Services.AddBaton();
    }
}
