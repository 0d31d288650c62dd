using System.CommandLine;
using Baton.Configuration;
using Baton.Hosting.Cli;
using Baton.Web;
using Baton.Web.Auth;
using Microsoft.Extensions.Options;

namespace Baton.Hosting.Commands;

/// <summary>
/// <c>standalone</c>, as <c>airflow standalone</c>: BATON_HOME created and the database migrated (as for every command),
/// the web server started, an <c>admin</c> user created with a generated password when there is no user, then the
/// scheduler, all in this process until Ctrl+C or SIGTERM. If the scheduler or the web server fails, the other is stopped.
/// </summary>
internal static class StandaloneCommand
{
    public static Command Create(CliContext context)
    {
        var address = new WebServerAddressOptions();
        var command = address.AddTo(new Command("standalone",
            "Run the scheduler and the web server in one process until stopped, creating user 'admin' with a generated password when there is no user"));
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var settings = context.Get<IOptions<WebServerOptions>>().Value;
            var (host, port) = address.Resolve(parse, settings);
            var paths = context.Get<BatonPaths>();
            context.Output.WriteLine($"Baton home: {paths.Home}");

            // The port first: a server that cannot listen stops the command before a user is created or a run started.
            var server = await RunningWebServer.StartAsync(context, host, port, ct).ConfigureAwait(false);
            await using (server.ConfigureAwait(false))
            {
                var url = server.Addresses.Count > 0 ? server.Addresses[0] : $"http://{host}:{port}";
                context.Output.WriteLine($"Web server listening on {url} (API reference: {url}/api/v1/ui).");
                var login = await LoginAsync(context, paths, settings, ct).ConfigureAwait(false);

                using var stopScheduler = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var scheduler = SchedulerCommand.RunSchedulerAsync(context, stopScheduler.Token);
                context.Output.WriteLine("Scheduler started.");
                context.Output.WriteLine($"Baton standalone is running: open {url} and {login}; press Ctrl+C to stop.");

                await RunUntilStoppedAsync(context, server, scheduler, stopScheduler, ct).ConfigureAwait(false);
            }

            context.Output.WriteLine("Baton standalone stopped.");
            return 0;
        }));
        return command;
    }

    /// <summary>Creates <c>admin</c> when there is no user (printing its password this once); returns how to log in.</summary>
    private static async Task<string> LoginAsync(CliContext context, BatonPaths paths, WebServerOptions settings, CancellationToken cancellationToken)
    {
        var users = context.Get<UserService>();
        var file = StandaloneAdmin.PasswordFile(paths);
        if (await StandaloneAdmin.CreateIfNoUserAsync(users, paths, cancellationToken).ConfigureAwait(false) is { } created)
        {
            var (password, fileProblem) = created;
            // Standard output only, never a log: the command's own result, as `users create` prints a generated password.
            context.Output.WriteLine($"Created user {StandaloneAdmin.Username} with role {StandaloneAdmin.Role}.");
            context.Output.WriteLine($"Password: {password}");
            if (fileProblem is null)
            {
                context.Output.WriteLine($"The password is shown only now; it is kept in {file} (readable by you only).");
            }
            else
            {
                await context.Error.WriteLineAsync(
                    $"warning: the password could not be kept in {file} ({CliText.Escape(fileProblem)}); it is shown only now: store it.").ConfigureAwait(false);
            }
        }

        if (!settings.AuthEnabled)
        {
            return "use it without logging in (authentication is off)";
        }

        return await StandaloneAdmin.PasswordFileIsCurrentAsync(users, paths, cancellationToken).ConfigureAwait(false)
            ? $"log in as {StandaloneAdmin.Username} (password in {file})"
            : "log in as one of the users 'users list' shows ('users create' adds one)";
    }

    /// <summary>
    /// Waits for Ctrl+C or SIGTERM, then stops both. If the scheduler ends first (it failed), the web server is stopped and
    /// the scheduler's error is the command's; if the web server stops first, the scheduler is stopped and that is an error.
    /// </summary>
    private static async Task RunUntilStoppedAsync(
        CliContext context, RunningWebServer server, Task scheduler, CancellationTokenSource stopScheduler, CancellationToken cancellationToken)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onSignal = cancellationToken.Register(() => stopped.TrySetResult());
        using var onServerStop = server.Stopping.Register(() => stopped.TrySetResult());
        var first = await Task.WhenAny(scheduler, stopped.Task).ConfigureAwait(false);
        if (first == scheduler && !cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("The scheduler stopped; stopping the web server.").ConfigureAwait(false);
            await server.StopAsync().ConfigureAwait(false);
            // Its exception (a database that went away, say) is the command's error.
            await scheduler.ConfigureAwait(false);
            throw new BatonException("the scheduler stopped unexpectedly; the web server was stopped too");
        }

        await stopScheduler.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(SchedulerStoppedAsync(scheduler, stopScheduler.Token), server.StopAsync()).ConfigureAwait(false);
        context.Output.WriteLine("Scheduler stopped.");
        context.Output.WriteLine("Web server stopped.");
        if (!cancellationToken.IsCancellationRequested)
        {
            throw new BatonException("the web server stopped unexpectedly; the scheduler was stopped too");
        }
    }

    private static async Task SchedulerStoppedAsync(Task scheduler, CancellationToken stopping)
    {
        try
        {
            await scheduler.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped while it was still starting (syncing DAGs, recovering runs): nothing was left half-done.
        }
    }
}
