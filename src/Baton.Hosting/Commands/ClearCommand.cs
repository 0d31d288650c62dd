using System.CommandLine;
using System.Text.RegularExpressions;
using Baton.Execution;
using Baton.Hosting.Cli;

namespace Baton.Hosting.Commands;

/// <summary><c>tasks clear</c> and <c>dags clear</c>: reset task instances so they run again, deleting their XComs and stored objects.</summary>
internal static class ClearCommand
{
    public static Command Create(CliContext context, bool perTask)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG's id" };
        var taskRegex = new Option<string?>("--task-regex", "-t") { Description = "Only tasks whose id matches this regular expression" };
        var downstream = new Option<bool>("--downstream", "-d") { Description = "Also clear the tasks downstream of those matched" };
        var onlyFailed = new Option<bool>("--only-failed", "-f") { Description = "Only failed and upstream_failed task instances" };
        var runId = new Option<string?>("--run-id", "-r") { Description = "Only this run" };
        var start = new Option<string?>("--start-date", "-s") { Description = "Only runs from this logical date (ISO 8601)" };
        var end = new Option<string?>("--end-date", "-e") { Description = "Only runs up to this logical date (ISO 8601)" };
        var yes = CliOptions.Yes();
        var command = new Command("clear", perTask
            ? "Reset task instances so the scheduler runs them again; their XComs and stored objects are deleted"
            : "Reset every task instance of a DAG's runs so the scheduler runs them again; their XComs and stored objects are deleted")
        {
            dagId, onlyFailed, runId, start, end, yes,
        };
        if (perTask)
        {
            command.Options.Add(taskRegex);
            command.Options.Add(downstream);
        }

        command.SetAction(context.Action(async (parse, ct) =>
        {
            var dag = context.Dags.Get(parse.GetValue(dagId)!);
            Regex? pattern = null;
            if (parse.GetValue(taskRegex) is { } text)
            {
                try
                {
                    pattern = new Regex(text, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException e)
                {
                    throw new CliUsageException($"--task-regex '{text}' is not a regular expression: {e.Message}", e);
                }
            }

            var request = new ClearRequest
            {
                TaskIdPattern = pattern, Downstream = parse.GetValue(downstream), OnlyFailed = parse.GetValue(onlyFailed), RunId = parse.GetValue(runId),
                StartDate = parse.GetValue(start) is { } from ? CliParsing.Date(from, "--start-date") : null,
                EndDate = parse.GetValue(end) is { } to ? CliParsing.Date(to, "--end-date") : null,
            };
            var tasks = dag.Tasks.Where(t => pattern?.IsMatch(t.TaskId) ?? true).Select(t => t.TaskId).ToList();
            if (tasks.Count == 0)
            {
                throw new CliUsageException($"no task of DAG '{dag.DagId}' matches '{parse.GetValue(taskRegex)}'");
            }

            if (!context.Confirm($"You are about to clear {string.Join(", ", tasks)}{(request.Downstream ? " and their downstream tasks" : "")} of DAG {dag.DagId}, deleting their XComs.", parse.GetValue(yes)))
            {
                return 1;
            }

            var result = await context.Get<DagRunService>().ClearAsync(dag, request, ct).ConfigureAwait(false);
            context.Output.WriteLine($"Cleared {result.TaskInstances} task instance(s) in {result.Runs} run(s); deleted {result.XComs} XCom(s).");
            foreach (var run in result.InUse)
            {
                await CliErrors.WriteLineAsync(context.Error, $"{new DagRunInUseException(run).Message}").ConfigureAwait(false);
            }

            return result.InUse.Count == 0 ? 0 : 1;
        }));
        return command;
    }
}
