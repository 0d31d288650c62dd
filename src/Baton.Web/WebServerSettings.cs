using Baton.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Baton.Web;

/// <summary>Registers the <c>webserver</c> settings section, so that it is checked at start and shown by <c>config list</c>.</summary>
internal static class WebServerSettings
{
    public const string Section = "webserver";

    public static IServiceCollection AddWebServerSettings(this IServiceCollection services, Action<WebServerOptions>? configure = null)
    {
        var options = services.AddOptions<WebServerOptions>().BindConfiguration(Section);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebServerOptions>, WebServerOptionsValidator>());
        if (!services.Any(d => d.ServiceType == typeof(BatonSettingsSection) && d.ImplementationInstance is BatonSettingsSection { Name: Section }))
        {
            services.AddSingleton(BatonSettingsSection.For<WebServerOptions>(Section));
        }

        return services;
    }
}
