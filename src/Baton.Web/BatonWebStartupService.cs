using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Baton.Web;

/// <summary>
/// In an app that hosts the web server: checks the settings, migrates the metadata schema and syncs the DAG rows before
/// the server takes requests (as every command and the hosted scheduler do), and warns when authentication is off. Bad
/// settings stop the host with one critical log line and exit code 1.
/// </summary>
internal sealed class BatonWebStartupService(
    IServiceProvider services, IHostApplicationLifetime lifetime, IOptions<WebServerOptions> options, ILogger<BatonWebStartupService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        try
        {
            await BatonStartup.RunAsync(services, warnings, cancellationToken).ConfigureAwait(false);
        }
        catch (BatonException e)
        {
            logger.LogCritical("Baton cannot start the web server: {Message}", e.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
            return;
        }
        finally
        {
            foreach (var warning in warnings)
            {
                logger.LogWarning("{Warning}", warning);
            }
        }

        WebServerWarnings.Log(options.Value, logger);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
