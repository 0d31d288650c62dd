using System.CommandLine;
using System.Globalization;
using Baton.Configuration;
using Baton.Dags;
using Baton.Execution;
using Baton.Hosting.Cli;
using Baton.Logging;
using Baton.Metadata;
using Baton.Runs;

namespace Baton.Hosting.Commands;

/// <summary><c>tasks list|test|logs|states-for-dag-run</c>.</summary>
internal static class TasksCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("tasks", "Inspect and test tasks");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Test(context));
        command.Subcommands.Add(Logs(context));
        command.Subcommands.Add(States(context));
        command.Subcommands.Add(ClearCommand.Create(context, perTask: true));
        return command;
    }

    private static Command List(CliContext context)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG's id" };
        var command = new Command("list", "List a DAG's tasks, each after its upstream tasks") { dagId };
        command.SetAction(context.Action((parse, ct) =>
        {
            var dag = context.Dags.Get(parse.GetValue(dagId)!);
            TableWriter.Write(context.Output, ["task_id", "upstream", "trigger_rule", "mapped", "returns"],
                dag.Tasks.Select(t => new[]
                {
                    t.TaskId, string.Join(",", t.UpstreamTaskIds), TriggerRuleNames.Of(t.TriggerRule), t.IsMapped ? "True" : "False", t.OutputType?.Name ?? "",
                }));
            return Task.FromResult(0);
        }));
        return command;
    }

    private static Command Test(CliContext context)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG's id" };
        var taskId = new Argument<string>("task_id") { Description = "The task's id" };
        var logicalDate = new Argument<string?>("logical_date") { Description = "The logical date (ISO 8601); now when omitted", Arity = ArgumentArity.ZeroOrOne };
        var mapIndex = new Option<int>("--map-index") { Description = "The element of a mapped task", DefaultValueFactory = _ => -1 };
        var command = new Command("test", "Run one task without checking dependencies or recording its state; inputs come from the run for that date") { dagId, taskId, logicalDate, mapIndex };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var dag = context.Dags.Get(parse.GetValue(dagId)!);
            var task = dag.FindTask(parse.GetValue(taskId)!)
                ?? throw new CliUsageException($"DAG '{dag.DagId}' has no task '{parse.GetValue(taskId)}'; its tasks: {string.Join(", ", dag.Tasks.Select(t => t.TaskId))}");
            var date = parse.GetValue(logicalDate) is { } text ? CliParsing.Date(text, "logical_date") : context.Get<TimeProvider>().GetUtcNow();
            var result = await context.Get<DagRunService>().TestTaskAsync(dag, task, date, parse.GetValue(mapIndex), context.Output, ct).ConfigureAwait(false);
            if (result.ReturnValueJson is { } json)
            {
                context.Output.WriteLine($"Returned value: {json}");
            }

            context.Output.WriteLine($"Task {task.TaskId}: {StateNames.Of(result.TaskInstance.State)}{(result.TaskInstance.Error is { } why && result.TaskInstance.State != TaskInstanceState.Success ? $" ({why})" : "")}");
            return ct.IsCancellationRequested ? CliErrors.Cancelled : result.TaskInstance.State == TaskInstanceState.Success ? 0 : 1;
        }));
        return command;
    }

    private static Command Logs(CliContext context)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG's id" };
        var runId = new Argument<string>("run_id") { Description = "The run's id" };
        var taskId = new Argument<string>("task_id") { Description = "The task's id" };
        var mapIndex = new Option<int>("--map-index") { Description = "The element of a mapped task", DefaultValueFactory = _ => -1 };
        var tryNumber = new Option<int?>("--try-number", "-t") { Description = "The try; the latest when omitted" };
        var command = new Command("logs", "Print the log of a task instance's try") { dagId, runId, taskId, mapIndex, tryNumber };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var (dag, run, task, index) = (parse.GetValue(dagId)!, parse.GetValue(runId)!, parse.GetValue(taskId)!, parse.GetValue(mapIndex));
            var instance = (await context.Get<IMetadataStore>().ListTaskInstancesAsync(dag, run, ct).ConfigureAwait(false))
                .FirstOrDefault(t => t.TaskId == task && t.MapIndex == index)
                ?? throw new CliUsageException($"no task instance {task}{(index >= 0 ? $"[{index}]" : "")} in run '{run}' of DAG '{dag}'");
            if (parse.GetValue(tryNumber) is < 1 and var given)
            {
                throw new CliUsageException($"--try-number counts tries from 1, not {given}");
            }

            var attempt = parse.GetValue(tryNumber) ?? instance.TryNumber;
            if (attempt < 1)
            {
                throw new CliUsageException($"task instance {task} of run '{run}' has not run yet (state {StateNames.Of(instance.State)})");
            }

            var path = TaskLogPaths.For(context.Get<BatonPaths>().LogsDirectory, dag, run, task, index, attempt);
            if (!File.Exists(path))
            {
                throw new CliUsageException($"no log for try {attempt} of {task} in run '{run}' (looked for {path})");
            }

            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            await context.Output.WriteAsync(await reader.ReadToEndAsync(ct).ConfigureAwait(false)).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static Command States(CliContext context)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG's id" };
        var runId = new Argument<string>("run_id") { Description = "The run's id" };
        var command = new Command("states-for-dag-run", "List the state of every task instance of a run") { dagId, runId };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var instances = await context.Get<IMetadataStore>().ListTaskInstancesAsync(parse.GetValue(dagId)!, parse.GetValue(runId)!, ct).ConfigureAwait(false);
            TableWriter.Write(context.Output, ["task_id", "map_index", "state", "try_number", "start_date", "end_date", "duration", "error"],
                instances.Select(t => new[]
                {
                    t.TaskId, t.MapIndex.ToString(CultureInfo.InvariantCulture), StateNames.Of(t.State), t.TryNumber.ToString(CultureInfo.InvariantCulture),
                    CliParsing.Time(t.StartDate), CliParsing.Time(t.EndDate), CliParsing.Duration(t.Duration), t.Error,
                }));
            return 0;
        }));
        return command;
    }
}
