using Baton.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Baton.Web.Api.Dags;

/// <summary><c>/dags</c>, <c>/dags/{dag_id}</c>, <c>/dags/{dag_id}/details</c>, <c>/dags/{dag_id}/tasks</c>, <c>/importErrors</c>.</summary>
internal static class DagsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/dags", async (
            DagsService dags, [FromQuery] string? limit, [FromQuery] string? offset, [FromQuery] string[]? tags,
            [FromQuery(Name = "dag_id_pattern")] string? dagIdPattern, [FromQuery] string? paused, CancellationToken ct) =>
            TypedResults.Ok(await dags.ListAsync(
                new DagQuery { Tags = tags ?? [], DagIdPattern = dagIdPattern, Paused = ApiInput.Bool(paused, "paused") }, Paging.From(limit, offset), ct)))
            .WithName("get_dags").WithSummary("List DAGs (filters: tags, dag_id_pattern, paused)");

        api.MapGet("/dags/{dag_id}", async (DagsService dags, [FromRoute(Name = "dag_id")] string dagId, CancellationToken ct) =>
            TypedResults.Ok(await dags.GetAsync(ApiInput.DagId(dagId), ct)))
            .WithName("get_dag").WithSummary("Get a DAG");

        api.MapPatch("/dags/{dag_id}", async (DagsService dags, [FromRoute(Name = "dag_id")] string dagId, HttpRequest request, CancellationToken ct) =>
        {
            var id = ApiInput.DagId(dagId);
            var body = await ApiInput.BodyAsync(request);
            if (body["is_paused"] is null)
            {
                throw ApiProblemException.BadRequest("the body must set is_paused, e.g. {\"is_paused\": false}");
            }

            return TypedResults.Ok(await dags.SetPausedAsync(id, ApiInput.Bool(body, "is_paused", true), ct));
        })
            .Accepts<DagPatchJson>("application/json").Produces<DagJson>()
            .RequireAuthorization(BatonRoles.Policy(BatonRole.User))
            .WithName("patch_dag").WithSummary("Pause or unpause a DAG (User)");

        api.MapGet("/dags/{dag_id}/details", async (DagsService dags, [FromRoute(Name = "dag_id")] string dagId, CancellationToken ct) =>
            TypedResults.Ok(await dags.DetailsAsync(ApiInput.DagId(dagId), ct)))
            .WithName("get_dag_details").WithSummary("Get a DAG's schedule, dates, params and tasks");

        api.MapGet("/dags/{dag_id}/tasks", (DagsService dags, [FromRoute(Name = "dag_id")] string dagId) =>
            TypedResults.Ok(dags.Tasks(ApiInput.DagId(dagId))))
            .WithName("get_tasks").WithSummary("List a DAG's tasks with their upstream and downstream ids");

        api.MapGet("/importErrors", (DagsService dags, [FromQuery] string? limit, [FromQuery] string? offset) =>
            TypedResults.Ok(dags.ImportErrors(Paging.From(limit, offset))))
            .WithName("get_import_errors").WithSummary("List the DAGs that failed to load, and why");
    }
}
