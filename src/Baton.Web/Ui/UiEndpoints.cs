using System.Globalization;
using Baton.Web.Api;
using Baton.Web.Api.TaskInstances;
using Baton.Web.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Baton.Web.Ui;

/// <summary>The UI's pages (Razor components rendered on the server) and the few endpoints beside them: its stylesheet and script, logout, a log's new lines.</summary>
internal static class UiEndpoints
{
    private const int LogChunk = 256 * 1024;

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        // Every form of the UI carries an antiforgery token, checked by this middleware (after authentication, which
        // WebApplication runs first); an app that built its pipeline by hand adds app.UseAntiforgery() itself.
        (endpoints as IApplicationBuilder)?.UseAntiforgery();
        endpoints.MapGet(UiPaths.Stylesheet, () => Embedded("baton.css", "text/css; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet(UiPaths.Script, () => Embedded("baton.js", "text/javascript; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();

        endpoints.MapPost("/logout", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            await antiforgery.ValidateRequestAsync(http);
            await http.SignOutAsync(BatonAuthSchemes.Cookie);
            return Results.Redirect("/login");
        }).DisableAntiforgery().ExcludeFromDescription();

        endpoints.MapGet("/ui/log", async (
            HttpContext http, TaskInstancesService instances, [FromQuery(Name = "dag_id")] string dagId, [FromQuery(Name = "run_id")] string runId,
            [FromQuery(Name = "task_id")] string taskId, [FromQuery(Name = "map_index")] string? mapIndex, [FromQuery(Name = "try")] string? tryNumber,
            [FromQuery] long? offset, CancellationToken ct) =>
        {
            var number = int.TryParse(tryNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
            var path = await instances.LogFileAsync(ApiInput.DagId(dagId), ApiInput.RunId(runId), ApiInput.TaskId(taskId), ApiInput.MapIndex(mapIndex), number, ct);
            var (text, end) = await UiLogs.ReadFromAsync(path, offset ?? 0, LogChunk, ct);
            http.Response.Headers["X-Log-Offset"] = end.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Text(text, "text/plain; charset=utf-8");
        }).RequireAuthorization(BatonRoles.Policy(BatonRole.Viewer)).ExcludeFromDescription();

        endpoints.MapRazorComponents<App>();
        return endpoints;
    }

    private static IResult Embedded(string name, string contentType)
    {
        var stream = typeof(UiEndpoints).Assembly.GetManifestResourceStream("Baton.Web.Ui." + name)
            ?? throw new InvalidOperationException($"the UI's {name} is not embedded in {typeof(UiEndpoints).Assembly.GetName().Name}");
        return Results.Stream(stream, contentType);
    }
}
