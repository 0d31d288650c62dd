using System.Globalization;
using Baton.Execution;
using Baton.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Baton.Web.Api.TaskInstances;

/// <summary>A run's task instances, one instance (mapped: <c>/{map_index}</c>), <c>/dags/{dag_id}/clearTaskInstances</c>, try logs.</summary>
internal static class TaskInstancesEndpoints
{
    private const string Run = "/dags/{dag_id}/dagRuns/{dag_run_id}";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet(Run + "/taskInstances", async (
            TaskInstancesService instances, [FromRoute(Name = "dag_id")] string dagId, [FromRoute(Name = "dag_run_id")] string runId,
            [FromQuery] string[]? state, [FromQuery] string? limit, [FromQuery] string? offset, CancellationToken ct) =>
            TypedResults.Ok(await instances.ListAsync(ApiInput.DagId(dagId), ApiInput.RunId(runId), ApiInput.TaskStates(state), Paging.From(limit, offset), ct)))
            .WithName("get_task_instances").WithSummary("List a run's task instances (filter: state)");

        api.MapGet(Run + "/taskInstances/{task_id}", async (
            TaskInstancesService instances, [FromRoute(Name = "dag_id")] string dagId, [FromRoute(Name = "dag_run_id")] string runId,
            [FromRoute(Name = "task_id")] string taskId, CancellationToken ct) =>
            TypedResults.Ok(await instances.GetAsync(ApiInput.DagId(dagId), ApiInput.RunId(runId), ApiInput.TaskId(taskId), -1, ct)))
            .WithName("get_task_instance").WithSummary("Get a task instance");

        api.MapGet(Run + "/taskInstances/{task_id}/{map_index:int}", async (
            TaskInstancesService instances, [FromRoute(Name = "dag_id")] string dagId, [FromRoute(Name = "dag_run_id")] string runId,
            [FromRoute(Name = "task_id")] string taskId, [FromRoute(Name = "map_index")] int mapIndex, CancellationToken ct) =>
            TypedResults.Ok(await instances.GetAsync(ApiInput.DagId(dagId), ApiInput.RunId(runId), ApiInput.TaskId(taskId), mapIndex, ct)))
            .WithName("get_mapped_task_instance").WithSummary("Get one element of a mapped task");

        api.MapPost("/dags/{dag_id}/clearTaskInstances", async (
            TaskInstancesService instances, [FromRoute(Name = "dag_id")] string dagId, HttpRequest request, CancellationToken ct) =>
        {
            var id = ApiInput.DagId(dagId);
            var body = await ApiInput.BodyAsync(request);
            var runId = ApiInput.String(body, "dag_run_id") is { } given ? ApiInput.RunId(given) : null;
            var clear = new ClearRequest
            {
                RunId = runId, Downstream = ApiInput.Bool(body, "include_downstream", false), OnlyFailed = ApiInput.Bool(body, "only_failed", false),
                StartDate = ApiInput.Date(ApiInput.String(body, "start_date"), "start_date"), EndDate = ApiInput.Date(ApiInput.String(body, "end_date"), "end_date"),
            };
            var taskIds = ApiInput.Strings(body, "task_ids")?.Select(ApiInput.TaskId).ToList();
            return TypedResults.Ok(await instances.ClearAsync(id, taskIds, clear, ApiInput.Bool(body, "dry_run", true), ct));
        })
            .Accepts<ClearTaskInstancesJson>("application/json").Produces<TaskInstanceCollectionJson>()
            .RequireAuthorization(BatonRoles.Policy(BatonRole.User))
            .WithName("post_clear_task_instances")
            .WithSummary("Clear task instances (task_ids, include_downstream, only_failed, dag_run_id, start/end_date); dry_run true by default lists them (User)");

        api.MapGet(Run + "/taskInstances/{task_id}/logs/{task_try_number}", async (
            TaskInstancesService instances, [FromRoute(Name = "dag_id")] string dagId, [FromRoute(Name = "dag_run_id")] string runId,
            [FromRoute(Name = "task_id")] string taskId, [FromRoute(Name = "task_try_number")] string tryNumber,
            [FromQuery(Name = "map_index")] string? mapIndex, CancellationToken ct) =>
        {
            if (!int.TryParse(tryNumber, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var attempt))
            {
                throw ApiProblemException.BadRequest($"task_try_number must be a whole number, not '{tryNumber}'");
            }

            var path = await instances.LogFileAsync(ApiInput.DagId(dagId), ApiInput.RunId(runId), ApiInput.TaskId(taskId), ApiInput.MapIndex(mapIndex), attempt, ct);
            // Shared for reading and writing: a try still running keeps appending; a Range request reads its tail.
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous);
            return Results.Stream(stream, "text/plain; charset=utf-8", enableRangeProcessing: true);
        })
            .Produces(200, contentType: "text/plain")
            .WithName("get_log").WithSummary("Stream a try's log as text/plain (Range requests read its tail)");
    }
}
