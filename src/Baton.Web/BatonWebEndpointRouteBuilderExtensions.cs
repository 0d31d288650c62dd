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
}
