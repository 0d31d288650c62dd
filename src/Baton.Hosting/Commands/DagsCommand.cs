using System.CommandLine;
using System.Globalization;
using Baton.Dags;
using Baton.Execution;
using Baton.Hosting.Cli;
using Baton.Metadata;
using Baton.Runs;

namespace Baton.Hosting.Commands;

/// <summary><c>dags list|list-runs|test|trigger|backfill|pause|unpause</c>.</summary>
internal static class DagsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("dags", "Manage and run DAGs");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(ListRuns(context));
        command.Subcommands.Add(Test(context));
        command.Subcommands.Add(Trigger(context));
        command.Subcommands.Add(Backfill(context));
        command.Subcommands.Add(ClearCommand.Create(context, perTask: false));
        command.Subcommands.Add(Delete(context));
        command.Subcommands.Add(Pause(context, "pause", true));
        command.Subcommands.Add(Pause(context, "unpause", false));
        return command;
    }

    private static Argument<string> DagId() => new("dag_id") { Description = "The DAG's id" };

    private static Command List(CliContext context)
    {
        var command = new Command("list", "List the DAGs, their schedule and whether they are paused");
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var rows = new List<string?[]>();
            var store = context.Get<IMetadataStore>();
            foreach (var dag in context.Dags.Dags)
            {
                var row = await store.GetDagAsync(dag.DagId, ct).ConfigureAwait(false);
                rows.Add([dag.DagId, dag.Spec.Schedule ?? "None", row?.IsPaused == true ? "True" : "False", string.Join(",", dag.Spec.Tags), dag.Spec.Description]);
            }

            TableWriter.Write(context.Output, ["dag_id", "schedule", "is_paused", "tags", "description"], rows);
            return context.Dags.Errors.Count == 0 ? 0 : 1;
        }));
        return command;
    }

    private static Command ListRuns(CliContext context)
    {
        var dagId = DagId();
        var command = new Command("list-runs", "List a DAG's runs, newest first") { dagId };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var dag = context.Dags.Get(parse.GetValue(dagId)!);
            var runs = await context.Get<IMetadataStore>().ListDagRunsAsync(dag.DagId, cancellationToken: ct).ConfigureAwait(false);
            TableWriter.Write(context.Output, ["dag_id", "run_id", "state", "logical_date", "start_date", "end_date"],
                runs.Select(r => new[] { r.DagId, r.RunId, StateNames.Of(r.State), CliParsing.Time(r.LogicalDate), CliParsing.Time(r.StartDate), CliParsing.Time(r.EndDate) }));
            return 0;
        }));
        return command;
    }

    private static Command Test(CliContext context)
    {
        var dagId = DagId();
        var logicalDate = new Argument<string?>("logical_date") { Description = "The logical date (ISO 8601); now when omitted", Arity = ArgumentArity.ZeroOrOne };
        var conf = new Option<string?>("--conf", "-c") { Description = "A JSON object passed as the run's conf" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Do not print task logs" };
        var command = new Command("test", "Run every task of a DAG in this process for one logical date and record the run") { dagId, logicalDate, conf, quiet };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var dag = context.Dags.Get(parse.GetValue(dagId)!);
            var date = parse.GetValue(logicalDate) is { } text ? CliParsing.Date(text, "logical_date") : context.Get<TimeProvider>().GetUtcNow();
            var result = await context.Get<DagRunService>().TestAsync(
                dag, date, parse.GetValue(quiet) ? null : context.Output, CliParsing.JsonObjectOrNull(parse.GetValue(conf), "--conf"), ct).ConfigureAwait(false);
            context.Output.WriteLine();
            TableWriter.Write(context.Output, ["task_id", "map_index", "state", "try_number", "duration"],
                result.TaskInstances.Select(t => new[]
                {
                    t.TaskId, t.MapIndex.ToString(CultureInfo.InvariantCulture), StateNames.Of(t.State),
                    t.TryNumber.ToString(CultureInfo.InvariantCulture), CliParsing.Duration(t.Duration),
                }));
            if (ct.IsCancellationRequested)
            {
                // Stopped by Ctrl+C: the run was ended and recorded; say so once, without each task's cancellation.
                context.Output.WriteLine($"DAG run {result.Run.RunId}: {StateNames.Of(result.Run.State)} ({TaskRunMode.InterruptedReason})");
                return CliErrors.Cancelled;
            }

            context.Output.WriteLine($"DAG run {result.Run.RunId}: {StateNames.Of(result.Run.State)}");
            foreach (var failed in result.TaskInstances.Where(t => t.Error is not null && t.State is TaskInstanceState.Failed))
            {
                await CliErrors.WriteLineAsync(context.Error, $"task {failed.TaskId} failed: {failed.Error}").ConfigureAwait(false);
            }

            return result.Run.State == DagRunState.Success ? 0 : 1;
        }));
        return command;
    }

    private static Command Trigger(CliContext context)
    {
        var dagId = DagId();
        var conf = new Option<string?>("--conf", "-c") { Description = "A JSON object passed as the run's conf" };
        var runId = new Option<string?>("--run-id", "-r") { Description = "The run's id; manual__<logical date> when omitted" };
        var logicalDate = new Option<string?>("--logical-date", "-l") { Description = "The logical date (ISO 8601); now when omitted" };
        var command = new Command("trigger", "Create a queued manual run for the scheduler to run") { dagId, conf, runId, logicalDate };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var dag = context.Dags.Get(parse.GetValue(dagId)!);
            var date = parse.GetValue(logicalDate) is { } text ? CliParsing.Date(text, "--logical-date") : (DateTimeOffset?)null;
            if (parse.GetValue(runId) is { } wanted && RunIds.Problem(wanted) is { } problem)
            {
                throw new CliUsageException($"--run-id: {problem}");
            }

            var confObject = CliParsing.JsonObjectOrNull(parse.GetValue(conf), "--conf");
            if (DagParams.Problems(dag, confObject) is { Count: > 0 } problems)
            {
                throw new CliUsageException($"--conf: {string.Join("; ", problems)}");
            }

            DagRunRecord run;
            try
            {
                run = await context.Get<DagRunService>().TriggerAsync(dag, date, parse.GetValue(runId), confObject, ct).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                throw new CliUsageException(e.Message, e);
            }

            context.Output.WriteLine($"Created run {run.RunId} of {dag.DagId} (queued)");
            if ((await context.Get<IMetadataStore>().GetDagAsync(dag.DagId, ct).ConfigureAwait(false))?.IsPaused == true)
            {
                await context.Error.WriteLineAsync($"warning: DAG {dag.DagId} is paused; run 'dags unpause {dag.DagId}' so the scheduler runs it").ConfigureAwait(false);
            }

            return 0;
        }));
        return command;
    }

    private static Command Backfill(CliContext context)
    {
        var dagId = DagId();
        var start = new Option<string>("--start-date", "-s") { Description = "The first logical date (ISO 8601)", Required = true };
        var end = new Option<string>("--end-date", "-e") { Description = "The last logical date (ISO 8601)", Required = true };
        var command = new Command("backfill", "Create and run, in this process, a backfill run for every interval between two dates") { dagId, start, end };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var dag = context.Dags.Get(parse.GetValue(dagId)!);
            var from = CliParsing.Date(parse.GetValue(start)!, "--start-date");
            var to = CliParsing.Date(parse.GetValue(end)!, "--end-date");
            if (to < from)
            {
                throw new CliUsageException($"--end-date {parse.GetValue(end)} is before --start-date {parse.GetValue(start)}");
            }

            IReadOnlyList<DagRunResult> results;
            using (var progress = CliProgress.For(context))
            {
                results = await context.Get<DagRunService>().BackfillAsync(
                    dag, from, to, progress.Counter((done, total) => $"Backfill of {dag.DagId}: {done}/{total} run(s) done", force: true), ct).ConfigureAwait(false);
            }

            TableWriter.Write(context.Output, ["run_id", "state", "logical_date"],
                results.Select(r => new[] { r.Run.RunId, StateNames.Of(r.Run.State), CliParsing.Time(r.Run.LogicalDate) }));
            context.Output.WriteLine($"{results.Count} backfill run(s); {results.Count(r => r.Run.State == DagRunState.Success)} succeeded" +
                (ct.IsCancellationRequested ? $" ({TaskRunMode.InterruptedReason})" : ""));
            return ct.IsCancellationRequested ? CliErrors.Cancelled : results.All(r => r.Run.State == DagRunState.Success) ? 0 : 1;
        }));
        return command;
    }

    private static Command Delete(CliContext context)
    {
        var dagId = DagId();
        var runId = new Option<string?>("--run-id", "-r") { Description = "Delete only this run" };
        var yes = CliOptions.Yes();
        var command = new Command("delete", "Delete a DAG's runs (or one run) with their task instances, XComs and stored objects") { dagId, runId, yes };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var dag = context.Dags.Get(parse.GetValue(dagId)!);
            var store = context.Get<IMetadataStore>();
            var runs = (await store.ListDagRunsAsync(dag.DagId, cancellationToken: ct).ConfigureAwait(false))
                .Where(r => parse.GetValue(runId) is not { } only || r.RunId == only).ToList();
            if (parse.GetValue(runId) is { } wanted && runs.Count == 0)
            {
                throw new CliUsageException($"DAG '{dag.DagId}' has no run '{wanted}'");
            }

            if (!context.Confirm($"You are about to delete {runs.Count} run(s) of DAG {dag.DagId} with their task instances and XComs.", parse.GetValue(yes)))
            {
                return 1;
            }

            var service = context.Get<DagRunService>();
            var deleted = 0;
            var inUse = 0;
            foreach (var run in runs)
            {
                try
                {
                    deleted += await service.DeleteRunAsync(dag.DagId, run.RunId, ct).ConfigureAwait(false) ? 1 : 0;
                }
                catch (DagRunInUseException e)
                {
                    inUse++;
                    await CliErrors.WriteLineAsync(context.Error, $"{e.Message}").ConfigureAwait(false);
                }
            }

            context.Output.WriteLine($"Deleted {deleted} run(s) of {dag.DagId}.");
            return inUse == 0 ? 0 : 1;
        }));
        return command;
    }

    private static Command Pause(CliContext context, string name, bool paused)
    {
        var dagId = DagId();
        var command = new Command(name, paused ? "Pause a DAG: the scheduler creates and starts no runs of it" : "Unpause a DAG") { dagId };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var dag = context.Dags.Get(parse.GetValue(dagId)!);
            await context.Get<IMetadataStore>().SetDagPausedAsync(dag.DagId, paused, ct).ConfigureAwait(false);
            context.Output.WriteLine($"Dag: {dag.DagId}, paused: {(paused ? "True" : "False")}");
            return 0;
        }));
        return command;
    }
}
