using Baton.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Baton.Web.Api.Connections;

/// <summary><c>/connections</c>: list, get, create, PATCH, delete, test (Op); password and extra are write-only.</summary>
internal static class ConnectionsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var op = BatonRoles.Policy(BatonRole.Op);
        api.MapGet("/connections", async (ConnectionsService connections, [FromQuery] string? limit, [FromQuery] string? offset, CancellationToken ct) =>
            TypedResults.Ok(await connections.ListAsync(Paging.From(limit, offset), ct)))
            .RequireAuthorization(op).WithName("get_connections").WithSummary("List connections of the database and BATON_CONN_* variables (Op)");

        api.MapGet("/connections/{connection_id}", async (ConnectionsService connections, [FromRoute(Name = "connection_id")] string connId, CancellationToken ct) =>
            TypedResults.Ok(await connections.GetAsync(connId, ct)))
            .RequireAuthorization(op).WithName("get_connection").WithSummary("Get a connection, without its password and extra (Op)");

        api.MapPost("/connections", async (ConnectionsService connections, HttpRequest request, CancellationToken ct) =>
            TypedResults.Ok(await connections.CreateAsync(await ApiInput.BodyAsync(request), ct)))
            .Accepts<ConnectionBodyJson>("application/json").Produces<ConnectionJson>()
            .RequireAuthorization(op).WithName("post_connection").WithSummary("Add a connection; password and extra are stored encrypted (Op)");

        api.MapPatch("/connections/{connection_id}", async (
            ConnectionsService connections, [FromRoute(Name = "connection_id")] string connId, [FromQuery(Name = "update_mask")] string[]? updateMask,
            HttpRequest request, CancellationToken ct) =>
            TypedResults.Ok(await connections.PatchAsync(
                connId, await ApiInput.BodyAsync(request),
                updateMask is { Length: > 0 } ? updateMask.SelectMany(m => m.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList() : null, ct)))
            .Accepts<ConnectionBodyJson>("application/json").Produces<ConnectionJson>()
            .RequireAuthorization(op).WithName("patch_connection").WithSummary("Change a connection's fields (all sent, or those in update_mask); secrets not sent are kept (Op)");

        api.MapDelete("/connections/{connection_id}", async (ConnectionsService connections, [FromRoute(Name = "connection_id")] string connId, CancellationToken ct) =>
        {
            await connections.DeleteAsync(connId, ct);
            return TypedResults.NoContent();
        })
            .RequireAuthorization(op).WithName("delete_connection").WithSummary("Delete a connection from the database (Op)");

        api.MapPost("/connections/test", async (ConnectionsService connections, [FromQuery] string? bucket, HttpRequest request, CancellationToken ct) =>
            TypedResults.Ok(await connections.TestAsync(await ApiInput.BodyAsync(request), bucket, ct)))
            .Accepts<ConnectionBodyJson>("application/json").Produces<ConnectionTestJson>()
            .RequireAuthorization(op).WithName("test_connection").WithSummary("Test the connection in the body without saving it: the store's write/read/delete probe (Op)");

        api.MapPost("/connections/{connection_id}/test", async (
            ConnectionsService connections, [FromRoute(Name = "connection_id")] string connId, [FromQuery] string? bucket, CancellationToken ct) =>
            TypedResults.Ok(await connections.TestAsync(connId, bucket, ct)))
            .RequireAuthorization(op).WithName("test_stored_connection").WithSummary("Test a defined connection, as 'connections test' does (bucket=BUCKET/PREFIX to probe another) (Op)");
    }
}
