using System.CommandLine;
using Baton.Hosting.Cli;
using Baton.Scheduling;
using Microsoft.Extensions.Logging;

namespace Baton.Hosting.Commands;

/// <summary><c>scheduler</c>: the scheduler and the local executor, until Ctrl+C or SIGTERM.</summary>
internal static class SchedulerCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("scheduler", "Create runs from schedules and run their tasks with the local executor, until stopped");
        command.SetAction(context.Action(async (parse, ct) =>
        {
            context.Output.WriteLine("Scheduler started; press Ctrl+C to stop.");
            await RunSchedulerAsync(context, ct).ConfigureAwait(false);
            context.Output.WriteLine("Scheduler stopped.");
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Runs the scheduler and the local executor on the command line's services until <paramref name="cancellationToken"/>
    /// is cancelled; the tries in flight are stopped and recorded, and the next start recovers their runs.
    /// </summary>
    public static Task RunSchedulerAsync(CliContext context, CancellationToken cancellationToken) =>
        context.Get<Scheduler>().RunAsync(cancellationToken);

    /// <summary>The scheduler and the web server (and standalone, which runs both) log what they do; other commands only warnings.</summary>
    public static LogLevel LogLevelFor(string[] args) =>
        args.Length > 0 && args[0] is "scheduler" or "webserver" or "standalone" ? LogLevel.Information : LogLevel.Warning;
}
