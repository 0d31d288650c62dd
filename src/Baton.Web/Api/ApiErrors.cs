using Baton.Configuration;
using Baton.Connections;
using Baton.Dags;
using Baton.Execution;
using Baton.Metadata;
using Baton.Storage;
using Baton.Web.Auth;
using Baton.XComs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.Web.Api;

/// <summary>
/// The endpoint filter of every API endpoint: turns what a request can go wrong with into RFC 7807 problem details with a
/// clear one-line <c>detail</c> (secrets masked), never a stack trace. Unexpected errors are logged and answered as a 500
/// naming only the exception's type.
/// </summary>
internal sealed class ApiErrors : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (Exception e)
        {
            var (status, title) = Classify(e);
            if (status == 500)
            {
                context.HttpContext.RequestServices.GetRequiredService<ILogger<ApiErrors>>()
                    .LogError(e, "{Method} {Path} failed", context.HttpContext.Request.Method, context.HttpContext.Request.Path);
            }

            var detail = status == 500 ? $"The server failed ({e.GetType().Name}); the server's log has the details." : SecretText.Mask(OneLine(e.Message));
            return Results.Problem(statusCode: status, title: title, detail: detail);
        }
    }

    /// <summary>The status and title an error is answered with.</summary>
    public static (int Status, string Title) Classify(Exception e) => e switch
    {
        ApiProblemException p => (p.Status, Title(p.Status)),
        DagNotFoundException => (404, "DAG not found"),
        XComObjectNotFoundException => (404, "XCom value missing"),
        XComNotFoundException => (404, "XCom not found"),
        XComCorruptedException or XComUnknownFormatException => (422, "XCom value cannot be read"),
        ConnectionNotFoundException => (404, "Connection not found"),
        ConnectionFormatException => (400, "Bad connection"),
        ConnectionDecryptionException => (500, "Connection cannot be decrypted"),
        UserManagementException => (400, "Bad request"),
        DagRunInUseException => (409, "Run in use"),
        DagRunExistsException => (409, "Run exists"),
        ObjectStoreException { Kind: ObjectStoreFailureKind.NotFound } => (404, "Object not found"),
        ObjectStoreException => (502, "Object store failed"),
        MetadataStoreException { Kind: MetadataFailureKind.Busy } => (503, "Metadata database busy"),
        MetadataStoreException => (503, "Metadata database unavailable"),
        BatonConfigurationException => (500, "Bad setting"),
        BatonException => (400, "Bad request"),
        _ => (500, "Internal server error"),
    };

    private static string Title(int status) => status switch
    {
        400 => "Bad request",
        404 => "Not found",
        409 => "Conflict",
        422 => "Unprocessable entity",
        _ => "Error",
    };

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
