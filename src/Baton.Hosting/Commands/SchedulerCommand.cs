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
            await context.Get<Scheduler>().RunAsync(ct).ConfigureAwait(false);
            context.Output.WriteLine("Scheduler stopped.");
            return 0;
        }));
        return command;
    }

    /// <summary>The scheduler and the web server log what they do; other commands only warnings.</summary>
    public static LogLevel LogLevelFor(string[] args) =>
        args.Length > 0 && args[0] is "scheduler" or "webserver" ? LogLevel.Information : LogLevel.Warning;
}
