using Baton.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Hosting;

/// <summary>
/// The scheduler as a hosted service: at start it checks the settings, migrates the schema and syncs the DAGs (as every
/// command does), then creates runs and runs their tasks until the host stops. Stopping cancels the running tries; the
/// runs stay running and the next start recovers them (a try left running is retried or failed, as at scheduler start).
/// Bad settings stop the host with one critical log line and exit code 1.
/// </summary>
internal sealed class BatonSchedulerService(IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<BatonSchedulerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var warnings = new List<string>();
        try
        {
            await BatonStartup.RunAsync(services, warnings, stoppingToken).ConfigureAwait(false);
        }
        catch (BatonException e)
        {
            logger.LogCritical("Baton cannot start the scheduler: {Message}", e.Message);
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

        logger.LogInformation("Baton scheduler started");
        try
        {
            await services.GetRequiredService<Scheduler>().RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: the runs in flight stay running for the next start to recover.
        }

        logger.LogInformation("Baton scheduler stopped");
    }
}
