using System.CommandLine;
using Baton.Hosting.Commands;

namespace Baton.Hosting.Cli;

/// <summary>The command line: Airflow's command names, each group in its own file under Commands/.</summary>
internal static class CommandTree
{
    public const string VerboseName = "--verbose";

    public const string VerboseAlias = "-v";

    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("Baton: workflows as C# DAGs, with values passed between tasks through XComs.");
        root.Options.Add(context.VerboseOption);
        root.Subcommands.Add(DagsCommand.Create(context));
        root.Subcommands.Add(TasksCommand.Create(context));
        root.Subcommands.Add(XComCommand.Create(context));
        root.Subcommands.Add(ConnectionsCommand.Create(context));
        root.Subcommands.Add(DbCommand.Create(context));
        root.Subcommands.Add(ConfigCommand.Create(context));
        root.Subcommands.Add(SchedulerCommand.Create(context));
        root.Subcommands.Add(UsersCommand.Create(context));
        root.Subcommands.Add(WebServerCommand.Create(context));
        root.Subcommands.Add(StandaloneCommand.Create(context));
        return root;
    }
}
