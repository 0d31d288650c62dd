using System.CommandLine;
using Baton.Hosting.Cli;
using Baton.Metadata;

namespace Baton.Hosting.Commands;

/// <summary><c>db migrate</c>.</summary>
internal static class DbCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("db", "Manage the metadata database");
        var migrate = new Command("migrate", "Create the metadata schema or bring it to the newest version");
        migrate.SetAction(context.Action(async (parse, ct) =>
        {
            // Starting the context already migrates; running it again reports the schema is current.
            var applied = await context.Get<IMetadataStore>().MigrateAsync(ct).ConfigureAwait(false);
            context.Output.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied migrations: {string.Join(", ", applied)}");
            return 0;
        }));
        command.Subcommands.Add(migrate);
        return command;
    }
}
