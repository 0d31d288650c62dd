using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Baton.Hosting.Cli;
using Baton.XComs;

namespace Baton.Hosting.Commands;

/// <summary><c>xcom list|get</c>.</summary>
internal static class XComCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("xcom", "Inspect the values tasks handed to each other");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Get(context));
        return command;
    }

    private static Command List(CliContext context)
    {
        var dagId = new Option<string?>("--dag-id", "-d") { Description = "Only this DAG" };
        var runId = new Option<string?>("--run-id", "-r") { Description = "Only this run" };
        var taskId = new Option<string?>("--task-id", "-t") { Description = "Only this task" };
        var command = new Command("list", "List XComs with where and how each is stored") { dagId, runId, taskId };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var xcoms = context.Get<XComService>();
            var rows = await xcoms.ListAsync(new XComFilter { DagId = parse.GetValue(dagId), RunId = parse.GetValue(runId), TaskId = parse.GetValue(taskId) }, ct).ConfigureAwait(false);
            TableWriter.Write(context.Output, ["dag_id", "run_id", "task_id", "map_index", "key", "storage", "size", "format", "compression", "value"],
                rows.Select(r => new[]
                {
                    r.Key.DagId, r.Key.RunId, r.Key.TaskId, r.Key.MapIndex.ToString(CultureInfo.InvariantCulture), r.Key.Key,
                    r.Payload.Storage == XComStorage.Inline ? "inline" : "object", r.Payload.Size.ToString(CultureInfo.InvariantCulture),
                    r.Payload.Format, r.Payload.Compression, xcoms.Describe(r),
                }));
            return 0;
        }));
        return command;
    }

    private static Command Get(CliContext context)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG's id" };
        var runId = new Argument<string>("run_id") { Description = "The run's id" };
        var taskId = new Argument<string>("task_id") { Description = "The task's id" };
        var key = new Option<string>("--key", "-k") { Description = "The key", DefaultValueFactory = _ => XComKey.ReturnValueKey };
        var mapIndex = new Option<int>("--map-index", "-m") { Description = "The element of a mapped task", DefaultValueFactory = _ => -1 };
        var command = new Command("get", "Print an XCom's value as JSON") { dagId, runId, taskId, key, mapIndex };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var xcomKey = new XComKey(parse.GetValue(dagId)!, parse.GetValue(runId)!, parse.GetValue(taskId)!, parse.GetValue(mapIndex), parse.GetValue(key)!);
            var value = await context.Get<XComService>().PullAsync<JsonElement>(xcomKey, ct).ConfigureAwait(false);
            context.Output.WriteLine(JsonSerializer.Serialize(value, Indented));
            return 0;
        }));
        return command;
    }

    // Relaxed escaping: the output is for reading in a terminal, so "+00:00" stays "+00:00".
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
