using Microsoft.AspNetCore.Http;

namespace Baton.Web.Ui;

/// <summary>
/// Sets a page's status code (404 for an unknown DAG, 422 for a damaged value, …) without losing the page: Blazor's
/// server rendering stops writing the body once a component sets 404 itself (it expects a status-code page to take
/// over), so the code is applied when the response starts, after the page was rendered.
/// </summary>
internal static class UiStatus
{
    public static void Set(HttpContext http, int statusCode)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.OnStarting(() =>
        {
            http.Response.StatusCode = statusCode;
            return Task.CompletedTask;
        });
    }
}
