using System.Net;
using System.Text.Json.Nodes;
using Baton.Web.Auth;
using static Baton.Web.Tests.Http;

namespace Baton.Web.Tests;

/// <summary>Every endpoint's success path against real SQLite and a local object store, with a Viewer, User or Op token as each needs.</summary>
public sealed class ApiTests(WebTestHost host) : IClassFixture<WebTestHost>
{
    private string Run => Uri.EscapeDataString(host.DemoRunId);

    [Fact]
    public async Task Dags_ListWithPagingAndFilters_GetDetailsTasksAndImportErrors()
    {
        var viewer = host.Client(BatonRole.Viewer);
        var all = await viewer.JsonAsync("/api/v1/dags");
        Assert.Equal(2, all["total_entries"]!.GetValue<int>());
        Assert.Equal(["web_demo", "web_fail"], all["dags"]!.AsArray().Select(d => d!["dag_id"]!.GetValue<string>()));

        var page = await viewer.JsonAsync("/api/v1/dags?limit=1&offset=1");
        Assert.Equal(2, page["total_entries"]!.GetValue<int>());
        Assert.Equal("web_fail", Assert.Single(page["dags"]!.AsArray())!["dag_id"]!.GetValue<string>());
        Assert.Equal("web_demo", Assert.Single((await viewer.JsonAsync("/api/v1/dags?tags=demo"))["dags"]!.AsArray())!["dag_id"]!.GetValue<string>());
        Assert.Equal("web_fail", Assert.Single((await viewer.JsonAsync("/api/v1/dags?dag_id_pattern=FAIL"))["dags"]!.AsArray())!["dag_id"]!.GetValue<string>());
        Assert.Equal(2, (await viewer.JsonAsync("/api/v1/dags?paused=true"))["total_entries"]!.GetValue<int>());

        var dag = await viewer.JsonAsync("/api/v1/dags/web_demo");
        Assert.Equal("@daily", dag["schedule_interval"]!.GetValue<string>());
        Assert.Equal(["demo", "web"], dag["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));

        var details = await viewer.JsonAsync("/api/v1/dags/web_demo/details");
        Assert.Equal(3, details["params"]!["count"]!.GetValue<int>());
        Assert.Equal("2024-01-01T00:00:00+00:00", details["start_date"]!.GetValue<string>());
        Assert.False(details["catchup"]!.GetValue<bool>());
        var square = details["tasks"]!.AsArray().Single(t => t!["task_id"]!.GetValue<string>() == "square")!;
        Assert.Equal(["numbers"], square["upstream_task_ids"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.Equal(["total"], square["downstream_task_ids"]!.AsArray().Select(u => u!.GetValue<string>()));
        Assert.True(square["is_mapped"]!.GetValue<bool>());

        Assert.Equal(4, (await viewer.JsonAsync("/api/v1/dags/web_demo/tasks"))["total_entries"]!.GetValue<int>());
        Assert.Equal(0, (await viewer.JsonAsync("/api/v1/importErrors"))["total_entries"]!.GetValue<int>());
    }

    [Fact]
    public async Task PatchDag_UnpausesAndPauses()
    {
        var user = host.Client(BatonRole.User);
        var unpaused = await user.SendJsonAsync(HttpMethod.Patch, "/api/v1/dags/web_fail", new { is_paused = false });
        Assert.False(unpaused["is_paused"]!.GetValue<bool>());
        Assert.False((await host.Get<Baton.Metadata.IMetadataStore>().GetDagAsync("web_fail", Ct))!.IsPaused);

        var paused = await user.SendJsonAsync(HttpMethod.Patch, "/api/v1/dags/web_fail", new { is_paused = true });
        Assert.True(paused["is_paused"]!.GetValue<bool>());
    }

    [Fact]
    public async Task DagRuns_ListGetTriggerClearAndDelete()
    {
        var user = host.Client(BatonRole.User);
        var runs = await user.JsonAsync("/api/v1/dags/web_demo/dagRuns");
        var run = Assert.Single(runs["dag_runs"]!.AsArray())!;
        Assert.Equal(host.DemoRunId, run["dag_run_id"]!.GetValue<string>());
        Assert.Equal("success", run["state"]!.GetValue<string>());
        Assert.Equal(host.DemoRunId, (await user.JsonAsync($"/api/v1/dags/web_demo/dagRuns/{Run}"))["dag_run_id"]!.GetValue<string>());

        var triggered = await user.SendJsonAsync(HttpMethod.Post, "/api/v1/dags/web_demo/dagRuns",
            new { dag_run_id = "api_run_1", logical_date = "2024-02-01T00:00:00Z", conf = new { count = 5 } });
        Assert.Equal("queued", triggered["state"]!.GetValue<string>());
        Assert.Equal(5, triggered["conf"]!["count"]!.GetValue<int>());
        Assert.True(triggered["external_trigger"]!.GetValue<bool>());
        Assert.Equal("queued", (await host.Get<Baton.Metadata.IMetadataStore>().GetDagRunAsync("web_demo", "api_run_1", Ct))!.State.ToString().ToLowerInvariant());

        // Up to its date: other tests of this class add later runs (web_fail on 2024-04-01), in an order xunit chooses.
        var newest = await user.JsonAsync("/api/v1/dags/~/dagRuns?limit=1&logical_date_lte=2024-02-01T00:00:00Z");
        Assert.Equal("api_run_1", Assert.Single(newest["dag_runs"]!.AsArray())!["dag_run_id"]!.GetValue<string>());
        Assert.True(newest["total_entries"]!.GetValue<int>() >= 3);
        Assert.Equal(["api_run_1"], (await user.JsonAsync("/api/v1/dags/web_demo/dagRuns?state=queued"))["dag_runs"]!.AsArray().Select(r => r!["dag_run_id"]!.GetValue<string>()));
        Assert.Equal(1, (await user.JsonAsync("/api/v1/dags/web_demo/dagRuns?logical_date_gte=2024-01-15T00:00:00Z"))["total_entries"]!.GetValue<int>());

        var conflict = await user.SendJsonAsync(HttpMethod.Post, "/api/v1/dags/web_demo/dagRuns", new { dag_run_id = "api_run_1" }, HttpStatusCode.Conflict);
        AssertProblem(conflict, 409, "already has a run 'api_run_1'");

        await user.SendJsonAsync(HttpMethod.Delete, "/api/v1/dags/web_demo/dagRuns/api_run_1", null, HttpStatusCode.NoContent);
        Assert.Null(await host.Get<Baton.Metadata.IMetadataStore>().GetDagRunAsync("web_demo", "api_run_1", Ct));
        AssertProblem(await user.SendJsonAsync(HttpMethod.Delete, "/api/v1/dags/web_demo/dagRuns/api_run_1", null, HttpStatusCode.NotFound), 404, "has no run 'api_run_1'");
    }

    [Fact]
    public async Task ClearDagRun_DryRunListsOnlyFailed_ThenClearsAndQueuesTheRun()
    {
        var user = host.Client(BatonRole.User);
        var run = (await host.Get<Baton.Execution.DagRunService>().TestAsync(host.Get<Baton.Dags.DagBag>().Get("web_fail"), new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), cancellationToken: Ct)).Run;
        var path = $"/api/v1/dags/web_fail/dagRuns/{Uri.EscapeDataString(run.RunId)}/clear";

        var dry = await user.SendJsonAsync(HttpMethod.Post, path, new { only_failed = true });
        Assert.Equal(["after", "boom"], dry["task_instances"]!.AsArray().Select(t => t!["task_id"]!.GetValue<string>()).Order());
        Assert.Equal("failed", (await user.JsonAsync($"/api/v1/dags/web_fail/dagRuns/{Uri.EscapeDataString(run.RunId)}"))["state"]!.GetValue<string>());

        var cleared = await user.SendJsonAsync(HttpMethod.Post, path, new { dry_run = false, only_failed = true });
        Assert.Equal("queued", cleared["state"]!.GetValue<string>());
        var instances = await host.Get<Baton.Metadata.IMetadataStore>().ListTaskInstancesAsync("web_fail", run.RunId, Ct);
        Assert.Equal(Baton.Runs.TaskInstanceState.Success, instances.Single(t => t.TaskId == "start").State);
        Assert.Equal(Baton.Runs.TaskInstanceState.None, instances.Single(t => t.TaskId == "boom").State);
    }

    [Fact]
    public async Task TaskInstances_ListGetMappedClearWithDownstreamAndLogs()
    {
        var viewer = host.Client(BatonRole.Viewer);
        var instances = await viewer.JsonAsync($"/api/v1/dags/web_demo/dagRuns/{Run}/taskInstances");
        Assert.Equal(6, instances["total_entries"]!.GetValue<int>()); // numbers, square x3, total, table
        Assert.All(instances["task_instances"]!.AsArray(), t => Assert.Equal("success", t!["state"]!.GetValue<string>()));
        Assert.Equal(2, (await viewer.JsonAsync($"/api/v1/dags/web_demo/dagRuns/{Run}/taskInstances?limit=2"))["task_instances"]!.AsArray().Count);

        var numbers = await viewer.JsonAsync($"/api/v1/dags/web_demo/dagRuns/{Run}/taskInstances/numbers");
        Assert.Equal(1, numbers["try_number"]!.GetValue<int>());
        Assert.Equal(2, (await viewer.JsonAsync($"/api/v1/dags/web_demo/dagRuns/{Run}/taskInstances/square/2"))["map_index"]!.GetValue<int>());

        using var log = await viewer.GetAsync($"/api/v1/dags/web_demo/dagRuns/{Run}/taskInstances/numbers/logs/1", Ct);
        Assert.Equal(HttpStatusCode.OK, log.StatusCode);
        Assert.Equal("text/plain", log.Content.Headers.ContentType!.MediaType);
        Assert.Contains("making 3 numbers for world", await log.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        AssertProblem(await viewer.JsonAsync($"/api/v1/dags/web_demo/dagRuns/{Run}/taskInstances/numbers/logs/7", HttpStatusCode.NotFound), 404, "no log for try 7");

        var run = (await host.Get<Baton.Execution.DagRunService>().TestAsync(host.Get<Baton.Dags.DagBag>().Get("web_fail"), new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.Zero), cancellationToken: Ct)).Run;
        var user = host.Client(BatonRole.User);
        var body = new { dag_run_id = run.RunId, task_ids = new[] { "start" }, include_downstream = true };
        var dry = await user.SendJsonAsync(HttpMethod.Post, "/api/v1/dags/web_fail/clearTaskInstances", body);
        Assert.Equal(["after", "boom", "start"], dry["task_instances"]!.AsArray().Select(t => t!["task_id"]!.GetValue<string>()).Order());
        Assert.Equal(Baton.Runs.TaskInstanceState.Success, (await host.Get<Baton.Metadata.IMetadataStore>().ListTaskInstancesAsync("web_fail", run.RunId, Ct)).Single(t => t.TaskId == "start").State);

        await user.SendJsonAsync(HttpMethod.Post, "/api/v1/dags/web_fail/clearTaskInstances", new { dag_run_id = run.RunId, task_ids = new[] { "start" }, include_downstream = true, dry_run = false });
        Assert.All(await host.Get<Baton.Metadata.IMetadataStore>().ListTaskInstancesAsync("web_fail", run.RunId, Ct), t => Assert.Equal(Baton.Runs.TaskInstanceState.None, t.State));
    }

    [Fact]
    public async Task XComs_ListWithStorageDetails_JsonValue_TablePreview_AndRawDownload()
    {
        var viewer = host.Client(BatonRole.Viewer);
        var ofTask = await viewer.JsonAsync($"/api/v1/dags/web_demo/dagRuns/{Run}/taskInstances/total/xcomEntries");
        var entry = Assert.Single(ofTask["xcom_entries"]!.AsArray())!;
        Assert.Equal("object", entry["storage"]!.GetValue<string>());
        Assert.Equal("json", entry["format"]!.GetValue<string>());
        Assert.Equal("none", entry["compression"]!.GetValue<string>());
        Assert.StartsWith("file://", entry["location"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("xxh3:", entry["checksum"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(entry["size"]!.GetValue<long>() > 0);

        Assert.Equal(6, (await viewer.JsonAsync($"/api/v1/dags/web_demo/dagRuns/{Run}/xcomEntries"))["total_entries"]!.GetValue<int>());
        Assert.Equal(3, (await viewer.JsonAsync($"/api/v1/dags/web_demo/dagRuns/{Run}/taskInstances/square/xcomEntries"))["total_entries"]!.GetValue<int>());
        Assert.Equal(6, (await viewer.JsonAsync($"/api/v1/dags/web_demo/dagRuns/{Run}/taskInstances/~/xcomEntries?limit=2"))["total_entries"]!.GetValue<int>());

        var total = await viewer.JsonAsync($"/api/v1/dags/web_demo/dagRuns/{Run}/taskInstances/total/xcomEntries/return_value");
        Assert.Equal(14, total["value"]!["sum"]!.GetValue<int>());
        Assert.EndsWith("/xcomEntries/return_value/value/raw", total["download"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(4, (await viewer.JsonAsync($"/api/v1/dags/web_demo/dagRuns/{Run}/taskInstances/square/xcomEntries/return_value?map_index=1"))["value"]!.GetValue<int>());

        var table = (await viewer.JsonAsync($"/api/v1/dags/web_demo/dagRuns/{Run}/taskInstances/table/xcomEntries/return_value?rows=1"))["table"]!;
        Assert.Equal(2, table["total_rows"]!.GetValue<long>());
        Assert.Equal(["id:int64", "xp_per_height:double"], table["columns"]!.AsArray().Select(c => $"{c!["name"]}:{c["type"]}"));
        var row = Assert.Single(table["rows"]!.AsArray())!.AsArray();
        Assert.Equal(1, row[0]!.GetValue<long>());
        Assert.Equal(11.2, row[1]!.GetValue<double>());

        using var raw = await viewer.GetAsync($"/api/v1/dags/web_demo/dagRuns/{Run}/taskInstances/total/xcomEntries/return_value/value/raw", Ct);
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal("attachment", raw.Content.Headers.ContentDisposition!.DispositionType);
        Assert.EndsWith(".total.return_value.json", raw.Content.Headers.ContentDisposition.FileNameStar, StringComparison.Ordinal);
        Assert.Equal(14, JsonNode.Parse(await raw.Content.ReadAsStringAsync(Ct))!["sum"]!.GetValue<int>());

        using var parquet = await viewer.GetAsync($"/api/v1/dags/web_demo/dagRuns/{Run}/taskInstances/table/xcomEntries/return_value?download=true", Ct);
        var bytes = await parquet.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal("PAR1"u8.ToArray(), bytes[..4]);
    }

    [Fact]
    public async Task Connections_CreateGetPatchTestDelete()
    {
        var op = host.Client(BatonRole.Op);
        var created = await op.SendJsonAsync(HttpMethod.Post, "/api/v1/connections",
            new { connection_id = "api_conn", conn_type = "postgres", host = "db.example", login = "ada", port = 5432, password = "p", extra = new { sslmode = "require" } });
        Assert.Equal("database", created["source"]!.GetValue<string>());
        var stored = await host.Get<Baton.Connections.IConnectionStore>().GetAsync("api_conn", Ct);
        Assert.Equal(("p", """{"sslmode":"require"}"""), (stored!.Password, stored.Extra));

        AssertProblem(await op.SendJsonAsync(HttpMethod.Post, "/api/v1/connections", new { connection_id = "api_conn", conn_type = "postgres" }, HttpStatusCode.Conflict), 409, "exists");

        var patched = await op.SendJsonAsync(HttpMethod.Patch, "/api/v1/connections/api_conn", new { host = "db2.example" });
        Assert.Equal("db2.example", patched["host"]!.GetValue<string>());
        stored = await host.Get<Baton.Connections.IConnectionStore>().GetAsync("api_conn", Ct);
        Assert.Equal(("db2.example", "p", 5432), (stored!.Host, stored.Password, stored.Port));

        await op.SendJsonAsync(HttpMethod.Patch, "/api/v1/connections/api_conn?update_mask=login", new { login = "grace", host = "ignored" });
        stored = await host.Get<Baton.Connections.IConnectionStore>().GetAsync("api_conn", Ct);
        Assert.Equal(("grace", "db2.example"), (stored!.Login, stored.Host));

        Assert.Equal("api_conn", (await op.JsonAsync("/api/v1/connections/api_conn"))["connection_id"]!.GetValue<string>());
        Assert.Contains((await op.JsonAsync("/api/v1/connections"))["connections"]!.AsArray(), c => c!["connection_id"]!.GetValue<string>() == "api_conn");

        var test = await op.SendJsonAsync(HttpMethod.Post, "/api/v1/connections/api_conn/test", null);
        Assert.False(test["status"]!.GetValue<bool>());
        Assert.Contains("no tester for connection type 'postgres'", test["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var local = await op.SendJsonAsync(HttpMethod.Post, "/api/v1/connections/test", new { connection_id = "probe", conn_type = "aws" });
        Assert.False(local["status"]!.GetValue<bool>());

        await op.SendJsonAsync(HttpMethod.Delete, "/api/v1/connections/api_conn", null, HttpStatusCode.NoContent);
        Assert.Null(await host.Get<Baton.Connections.IConnectionStore>().GetAsync("api_conn", Ct));
    }

    [Fact]
    public async Task Config_MasksSecrets_AndHealthAndUsersAndOpenApiAnswer()
    {
        var op = host.Client(BatonRole.Op);
        var config = await op.JsonAsync("/api/v1/config");
        var xcom = config["sections"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "xcom")!;
        Assert.Equal("objectstorage", xcom["options"]!.AsArray().Single(o => o!["key"]!.GetValue<string>() == "backend")!["value"]!.GetValue<string>());
        Assert.Contains(config["sections"]!.AsArray(), s => s!["name"]!.GetValue<string>() == "webserver");

        var health = await host.Client(null).JsonAsync("/health");
        Assert.Equal("healthy", health["metadatabase"]!["status"]!.GetValue<string>());
        Assert.NotNull(health["scheduler"]!["status"]);
        Assert.Equal("healthy", (await host.Client(null).JsonAsync("/api/v1/health"))["metadatabase"]!["status"]!.GetValue<string>());

        var users = await host.Client(BatonRole.Admin).JsonAsync("/api/v1/users");
        Assert.Equal(["admin", "op", "user", "viewer"], users["users"]!.AsArray().Select(u => u!["username"]!.GetValue<string>()));
        Assert.DoesNotContain("password", users.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        var openApi = await host.Client(null).JsonAsync("/api/v1/openapi/baton.json");
        Assert.NotNull(openApi["paths"]!["/api/v1/dags/{dag_id}/dagRuns"]);
        using var reference = await host.Client(null).GetAsync("/api/v1/ui/", Ct);
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
    }

    [Fact]
    public async Task SchedulerHeartbeat_MakesHealthHealthy()
    {
        await host.Get<Baton.Metadata.Sql.SqlSchedulerHeartbeatStore>().BeatAsync(
            new Baton.Metadata.SchedulerHeartbeatRecord("elsewhere", 42, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow), Ct);
        var health = await host.Client(null).JsonAsync("/health");
        Assert.Equal("healthy", health["scheduler"]!["status"]!.GetValue<string>());
        Assert.True(health["scheduler"]!["heartbeat_age_seconds"]!.GetValue<double>() < 30);
    }
}
