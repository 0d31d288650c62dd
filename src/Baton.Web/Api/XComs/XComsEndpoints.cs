using System.Globalization;
using Baton.XComs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Baton.Web.Api.XComs;

/// <summary>
/// XCom entries of a task instance (<c>~</c> for every task, run or DAG) or of a run, one entry with its value, and the
/// value's bytes as a download (<c>/value/raw</c>, or <c>?download=true</c>).
/// </summary>
internal static class XComsEndpoints
{
    private const string TaskXComs = "/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/xcomEntries";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet(TaskXComs, async (
            XComsService xcoms, [FromRoute(Name = "dag_id")] string dagId, [FromRoute(Name = "dag_run_id")] string runId, [FromRoute(Name = "task_id")] string taskId,
            [FromQuery(Name = "map_index")] string? mapIndex, [FromQuery] string? limit, [FromQuery] string? offset, CancellationToken ct) =>
            TypedResults.Ok(await xcoms.ListAsync(new XComFilter
            {
                DagId = ApiInput.DagIdOrAny(dagId), RunId = ApiInput.RunIdOrAny(runId), TaskId = ApiInput.TaskIdOrAny(taskId),
                MapIndex = string.IsNullOrEmpty(mapIndex) ? null : ApiInput.MapIndex(mapIndex),
            }, Paging.From(limit, offset), ct)))
            .WithName("get_xcom_entries").WithSummary("List a task instance's XComs with storage, size, format, compression, location and checksum (~ for any task, run or DAG)");

        api.MapGet("/dags/{dag_id}/dagRuns/{dag_run_id}/xcomEntries", async (
            XComsService xcoms, [FromRoute(Name = "dag_id")] string dagId, [FromRoute(Name = "dag_run_id")] string runId,
            [FromQuery] string? limit, [FromQuery] string? offset, CancellationToken ct) =>
            TypedResults.Ok(await xcoms.ListAsync(new XComFilter { DagId = ApiInput.DagId(dagId), RunId = ApiInput.RunId(runId) }, Paging.From(limit, offset), ct)))
            .WithName("get_dag_run_xcom_entries").WithSummary("List every XCom of a run");

        api.MapGet(TaskXComs + "/{xcom_key}", async (
            HttpContext http, XComsService xcoms, [FromRoute(Name = "dag_id")] string dagId, [FromRoute(Name = "dag_run_id")] string runId,
            [FromRoute(Name = "task_id")] string taskId, [FromRoute(Name = "xcom_key")] string xcomKey, [FromQuery(Name = "map_index")] string? mapIndex,
            [FromQuery] string? rows, [FromQuery] string? download, CancellationToken ct) =>
        {
            var key = Key(dagId, runId, taskId, xcomKey, mapIndex);
            if (ApiInput.Bool(download, "download") == true)
            {
                return await DownloadAsync(xcoms, key, ct);
            }

            return Results.Ok(await xcoms.GetAsync(key, Rows(rows), RawPath(http, key), ct));
        })
            .Produces<XComEntryJson>()
            .WithName("get_xcom_entry")
            .WithSummary("Get an XCom with its value: JSON as JSON, a table as its schema and first rows (rows=N), else a note and the download path");

        api.MapGet(TaskXComs + "/{xcom_key}/value/raw", async (
            XComsService xcoms, [FromRoute(Name = "dag_id")] string dagId, [FromRoute(Name = "dag_run_id")] string runId, [FromRoute(Name = "task_id")] string taskId,
            [FromRoute(Name = "xcom_key")] string xcomKey, [FromQuery(Name = "map_index")] string? mapIndex, CancellationToken ct) =>
            await DownloadAsync(xcoms, Key(dagId, runId, taskId, xcomKey, mapIndex), ct))
            .Produces(200, contentType: "application/octet-stream")
            .WithName("get_xcom_value_raw").WithSummary("Stream the value's bytes (as serialized: JSON, Parquet, …) as a download, checked against its checksum");
    }

    private static XComKey Key(string dagId, string runId, string taskId, string xcomKey, string? mapIndex)
    {
        if (string.IsNullOrEmpty(xcomKey) || xcomKey.Length > 512 || xcomKey.Any(char.IsControl))
        {
            throw ApiProblemException.BadRequest("xcom_key must be 1 to 512 characters without control characters");
        }

        return new XComKey(ApiInput.DagId(dagId), ApiInput.RunId(runId), ApiInput.TaskId(taskId), ApiInput.MapIndex(mapIndex), xcomKey);
    }

    private static int Rows(string? rows) => string.IsNullOrEmpty(rows) ? XComsService.DefaultRows
        : int.TryParse(rows, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= XComsService.MaxRows ? n
        : throw ApiProblemException.BadRequest($"rows must be a whole number from 0 to {XComsService.MaxRows}, not '{rows}'");

    private static async Task<IResult> DownloadAsync(XComsService xcoms, XComKey key, CancellationToken ct)
    {
        var (record, bytes) = await xcoms.OpenAsync(key, ct);
        return new XComDownload(record, bytes);
    }

    private static string RawPath(HttpContext http, XComKey key)
    {
        var path = $"{http.Request.PathBase}{http.Request.Path}/value/raw";
        return key.MapIndex >= 0 ? $"{path}?map_index={key.MapIndex.ToString(CultureInfo.InvariantCulture)}" : path;
    }
}
