using System.Net;
using Baton.Web.Auth;
using Microsoft.AspNetCore.Http;

namespace Baton.Web.Ui;

/// <summary>The page a logged-in user gets for a page their role may not use: 403, what the role is, and a way back.</summary>
internal static class UiForbidden
{
    public static async Task WriteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/html; charset=utf-8";
        var detail = WebUtility.HtmlEncode(AuthProblems.ForbiddenDetail(context, null));
        await context.Response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Forbidden · Baton</title><link rel=\"stylesheet\" href=\"{UiPaths.Stylesheet}\"></head>" +
            $"<body><main><h1>Forbidden</h1><div class=\"message error\" role=\"alert\">{detail}</div><p><a href=\"{UiPaths.Dags}\">Back to the DAGs</a></p></main></body></html>",
            context.RequestAborted).ConfigureAwait(false);
    }
}
