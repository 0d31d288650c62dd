using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Baton.Web;

/// <summary>Adds Baton's web server (the REST API with users, roles and API tokens) to an ASP.NET Core app.</summary>
public static class BatonWebBuilderExtensions
{
    /// <summary>
    /// Registers the web server's services in the app that hosts Baton (<c>builder.AddBaton().AddWebServer()</c> on a
    /// <c>WebApplicationBuilder</c>): authentication (API tokens as <c>Authorization: Bearer</c>, the UI's session cookie),
    /// the role policies (Viewer, User, Op, Admin), antiforgery, problem details, the OpenAPI document, the
    /// <c>webserver</c> settings section, and a hosted service that checks the settings and migrates the metadata schema
    /// at start. Then map the endpoints with <see cref="BatonWebEndpointRouteBuilderExtensions.MapBatonApi"/>. The app's
    /// default authentication scheme is left as it is: Baton's endpoints name their own.
    /// </summary>
    /// <param name="builder">The builder <c>AddBaton()</c> returned.</param>
    /// <param name="configure">Changes the <c>webserver</c> settings after they are bound, or null.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static IBatonBuilder AddWebServer(this IBatonBuilder builder, Action<WebServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddWebServerSettings(configure);
        BatonWebServices.Add(builder.Services, sp => new BatonEngine(sp), defaultScheme: false);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, BatonWebStartupService>());
        return builder;
    }
}
