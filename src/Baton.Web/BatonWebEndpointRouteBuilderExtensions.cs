using Microsoft.AspNetCore.Routing;

namespace Baton.Web;

/// <summary>Maps Baton's REST API in an ASP.NET Core app.</summary>
public static class BatonWebEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps Airflow's stable REST API for Baton under <c>/api/v1</c> (DAGs, runs, task instances, logs, XComs,
    /// connections, config, users), <c>/health</c>, the OpenAPI document <c>/api/v1/openapi/baton.json</c> and the API
    /// reference page <c>/api/v1/ui</c>. Every endpoint but <c>/health</c> and the API's description needs credentials
    /// unless <c>BATON__WEBSERVER__AUTH=off</c>; needs <c>AddWebServer()</c>.
    /// </summary>
    /// <param name="endpoints">The app (<c>WebApplication</c>) or a route group.</param>
    /// <returns><paramref name="endpoints"/>, for chaining.</returns>
    public static IEndpointRouteBuilder MapBatonApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return BatonApi.Map(endpoints);
    }

    /// <summary>
    /// Maps Baton's web UI: server-rendered pages for DAGs (list, grid, graph, trigger), runs, task instances with their
    /// logs and XComs, the XCom viewer, Admin → Connections and Users, and Storage, with a login form (cookie sign-in,
    /// antiforgery on every form). Needs <c>AddWebServer()</c>; map the API too (<see cref="MapBatonApi"/>), which the UI's
    /// downloads use.
    /// </summary>
    /// <param name="endpoints">The app (<c>WebApplication</c>).</param>
    /// <returns><paramref name="endpoints"/>, for chaining.</returns>
    public static IEndpointRouteBuilder MapBatonUi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return Ui.UiEndpoints.Map(endpoints);
    }
}
