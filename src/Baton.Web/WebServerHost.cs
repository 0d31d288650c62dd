using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Web;

/// <summary>
/// The web host the <c>webserver</c> command runs: Kestrel on the given address, the API mapped, over the command line's
/// own (already checked and migrated) engine services. Ctrl+C and SIGTERM stay the command line's: this host does not
/// listen for them itself, the command stops it.
/// </summary>
internal static class WebServerHost
{
    /// <summary>Builds the server for <paramref name="engine"/>; <paramref name="configureLogging"/> sets up its logging (the command line's console logger).</summary>
    public static WebApplication Build(IServiceProvider engine, string host, int port, Action<ILoggingBuilder>? configureLogging = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddConfiguration(engine.GetRequiredService<IConfiguration>());
        builder.Logging.ClearProviders();
        configureLogging?.Invoke(builder.Logging);
        // One application name whatever the app's directory (bin/Debug, bin/Release, a published folder): a login cookie
        // one server on a home issued is accepted by every server on it (webserver, standalone) and after a restart.
        builder.Services.AddDataProtection().SetApplicationName("Baton");
        builder.Services.AddSingleton<IHostLifetime, CommandHostLifetime>();
        builder.WebHost.UseKestrel(options =>
        {
            if (IPAddress.TryParse(host, out var address))
            {
                options.Listen(address, port);
            }
            else if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                options.ListenLocalhost(port);
            }
            else
            {
                throw new BatonException($"BATON__WEBSERVER__HOST (or --host) '{host}' is not an IP address; use e.g. 127.0.0.1, ::1, 0.0.0.0 or localhost");
            }
        });
        BatonWebServices.Add(builder.Services, _ => new BatonEngine(engine), defaultScheme: true);
        var app = builder.Build();
        app.MapBatonApi();
        app.MapBatonUi();
        return app;
    }

    /// <summary>The addresses the started server listens on (the port filled in when 0 was asked for).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
    }

    /// <summary>A host lifetime that leaves signals to the command line, which stops the host when it is told to.</summary>
    private sealed class CommandHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
