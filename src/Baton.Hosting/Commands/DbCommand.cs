using System.CommandLine;
using Baton.Execution;
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
        command.Subcommands.Add(Clean(context));
        return command;
    }

    private static Command Clean(CliContext context)
    {
        var olderThan = new Option<string>("--older-than") { Description = "Delete runs whose logical date is before this date (ISO 8601) or age (30d, 12h)", Required = true };
        var dagId = new Option<string?>("--dag-id", "-d") { Description = "Only this DAG" };
        var dryRun = CliOptions.DryRun();
        var yes = CliOptions.Yes();
        var command = new Command("clean", "Delete old runs with their task instances, XComs and stored objects") { olderThan, dagId, dryRun, yes };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var before = CliParsing.DateOrAge(parse.GetValue(olderThan)!, context.Get<TimeProvider>().GetUtcNow(), "--older-than");
            var service = context.Get<DagRunService>();
            var candidates = await service.DeleteRunsBeforeAsync(before, parse.GetValue(dagId), dryRun: true, cancellationToken: ct).ConfigureAwait(false);
            if (parse.GetValue(dryRun))
            {
                foreach (var run in candidates.Deleted)
                {
                    context.Output.WriteLine($"would delete {run.DagId} {run.RunId}");
                }

                foreach (var run in candidates.InUse)
                {
                    context.Output.WriteLine($"would leave {run.DagId} {run.RunId}: {new DagRunInUseException(run).Message}");
                }

                context.Output.WriteLine($"{candidates.Deleted.Count} run(s) older than {CliParsing.Time(before)} would be deleted (dry run).");
                return 0;
            }

            var count = candidates.Deleted.Count + candidates.InUse.Count;
            if (!context.Confirm($"You are about to delete {count} run(s) with logical dates before {CliParsing.Time(before)}, with their task instances and XComs.", parse.GetValue(yes)))
            {
                return 1;
            }

            RunsDeleted result;
            using (var progress = CliProgress.For(context))
            {
                result = await service.DeleteRunsBeforeAsync(
                    before, parse.GetValue(dagId), dryRun: false, progress.Counter((done, total) => $"Deleting runs: {done}/{total}"), ct).ConfigureAwait(false);
            }

            context.Output.WriteLine($"Deleted {result.Deleted.Count} run(s) older than {CliParsing.Time(before)}.");
            foreach (var run in result.InUse)
            {
                await CliErrors.WriteLineAsync(context.Error, $"{new DagRunInUseException(run).Message}").ConfigureAwait(false);
            }

            return result.InUse.Count == 0 ? 0 : 1;
        }));
        return command;
    }
}
