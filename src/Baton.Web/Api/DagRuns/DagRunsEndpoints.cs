using Baton.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Baton.Web.Api.DagRuns;

/// <summary><c>/dags/{dag_id}/dagRuns</c> (<c>~</c> for every DAG), one run, trigger, clear, delete.</summary>
internal static class DagRunsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/dags/{dag_id}/dagRuns", async (
            DagRunsService runs, [FromRoute(Name = "dag_id")] string dagId, [FromQuery] string? limit, [FromQuery] string? offset, [FromQuery] string[]? state,
            [FromQuery(Name = "logical_date_gte")] string? from, [FromQuery(Name = "logical_date_lte")] string? to, CancellationToken ct) =>
            TypedResults.Ok(await runs.ListAsync(
                ApiInput.DagIdOrAny(dagId), ApiInput.RunStates(state), ApiInput.Date(from, "logical_date_gte"), ApiInput.Date(to, "logical_date_lte"),
                Paging.From(limit, offset), ct)))
            .WithName("get_dag_runs").WithSummary("List runs, newest logical date first (dag_id ~ for every DAG; filters: state, logical_date_gte/lte)");

        api.MapGet("/dags/{dag_id}/dagRuns/{dag_run_id}", async (
            DagRunsService runs, [FromRoute(Name = "dag_id")] string dagId, [FromRoute(Name = "dag_run_id")] string runId, CancellationToken ct) =>
            TypedResults.Ok(await runs.GetAsync(ApiInput.DagId(dagId), ApiInput.RunId(runId), ct)))
            .WithName("get_dag_run").WithSummary("Get a run");

        api.MapPost("/dags/{dag_id}/dagRuns", async (DagRunsService runs, [FromRoute(Name = "dag_id")] string dagId, HttpRequest request, CancellationToken ct) =>
        {
            var id = ApiInput.DagId(dagId);
            var body = await ApiInput.BodyAsync(request);
            var logicalDate = ApiInput.Date(ApiInput.String(body, "logical_date"), "logical_date");
            return TypedResults.Ok(await runs.TriggerAsync(id, ApiInput.String(body, "dag_run_id"), logicalDate, body["conf"], ct));
        })
            .Accepts<TriggerDagRunJson>("application/json").Produces<DagRunJson>()
            .RequireAuthorization(BatonRoles.Policy(BatonRole.User))
            .WithName("post_dag_run").WithSummary("Trigger a run: queued for the scheduler, conf checked against the DAG's params (User)");

        api.MapPost("/dags/{dag_id}/dagRuns/{dag_run_id}/clear", async (
            DagRunsService runs, [FromRoute(Name = "dag_id")] string dagId, [FromRoute(Name = "dag_run_id")] string runId, HttpRequest request, CancellationToken ct) =>
        {
            var (dag, run) = (ApiInput.DagId(dagId), ApiInput.RunId(runId));
            var body = await ApiInput.BodyAsync(request);
            var dryRun = ApiInput.Bool(body, "dry_run", true);
            var wouldClear = await runs.ClearAsync(dag, run, dryRun, ApiInput.Bool(body, "only_failed", false), ct);
            return wouldClear is not null ? Results.Ok(wouldClear) : Results.Ok(await runs.GetAsync(dag, run, ct));
        })
            .Accepts<ClearDagRunJson>("application/json").Produces<DagRunJson>()
            .RequireAuthorization(BatonRoles.Policy(BatonRole.User))
            .WithName("clear_dag_run").WithSummary("Clear a run's task instances (dry_run true by default lists them; false clears and returns the run) (User)");

        api.MapDelete("/dags/{dag_id}/dagRuns/{dag_run_id}", async (
            DagRunsService runs, [FromRoute(Name = "dag_id")] string dagId, [FromRoute(Name = "dag_run_id")] string runId, CancellationToken ct) =>
        {
            await runs.DeleteAsync(ApiInput.DagId(dagId), ApiInput.RunId(runId), ct);
            return TypedResults.NoContent();
        })
            .RequireAuthorization(BatonRoles.Policy(BatonRole.User))
            .WithName("delete_dag_run").WithSummary("Delete a run with its task instances, XComs and stored objects (User)");
    }
}
