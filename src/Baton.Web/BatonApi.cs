using Baton.Web.Api;
using Baton.Web.Api.Config;
using Baton.Web.Api.Connections;
using Baton.Web.Api.DagRuns;
using Baton.Web.Api.Dags;
using Baton.Web.Api.Health;
using Baton.Web.Api.TaskInstances;
using Baton.Web.Api.Users;
using Baton.Web.Api.XComs;
using Baton.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Scalar.AspNetCore;

namespace Baton.Web;

/// <summary>
/// Maps the API: <c>/api/v1/…</c> (every endpoint needs the Viewer role unless it says more; errors as problem details),
/// <c>/health</c> and <c>/api/v1/health</c> (anonymous, as Airflow's), the OpenAPI document
/// (<c>/api/v1/openapi/baton.json</c>) and the API reference page (<c>/api/v1/ui</c>).
/// </summary>
internal static class BatonApi
{
    public const string Prefix = "/api/v1";

    public const string OpenApiPattern = Prefix + "/openapi/{documentName}.json";

    public const string ReferencePath = Prefix + "/ui";

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix)
            .AddEndpointFilter<ApiErrors>()
            .RequireAuthorization(BatonRoles.Policy(BatonRole.Viewer))
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        DagsEndpoints.Map(api);
        DagRunsEndpoints.Map(api);
        TaskInstancesEndpoints.Map(api);
        XComsEndpoints.Map(api);
        ConnectionsEndpoints.Map(api);
        ConfigEndpoints.Map(api);
        UsersEndpoints.Map(api);
        api.MapGet("/health", Health).AllowAnonymous().WithName("get_health").WithSummary("The metadata database and the latest scheduler heartbeat (no credentials needed)");
        endpoints.MapGet("/health", Health).AllowAnonymous().ExcludeFromDescription();

        endpoints.MapOpenApi(OpenApiPattern).AllowAnonymous();
        endpoints.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("Baton REST API")
            .WithOpenApiRoutePattern(OpenApiPattern)
            .AddDocument(BatonWebServices.OpenApiDocument))
            .AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> Health(HealthService health, CancellationToken ct) => TypedResults.Ok(await health.CheckAsync(ct));
}
