using System.Net;
using Baton.Web.Auth;
using static Baton.Web.Tests.Http;

namespace Baton.Web.Tests;

/// <summary>Bad input answered with RFC 7807 problem details naming what is wrong; a missing or damaged object names the XCom and its location.</summary>
public sealed class ProblemTests(WebTestHost host) : IClassFixture<WebTestHost>
{
    private string Run => Uri.EscapeDataString(host.DemoRunId);

    [Theory]
    [InlineData("/api/v1/dags/nope", 404, "DAG 'nope' not found")]
    [InlineData("/api/v1/dags/nope/dagRuns", 404, "DAG 'nope' not found")]
    [InlineData("/api/v1/dags/..%2F..%2Fetc/dagRuns", 400, "invalid dag_id")]
    [InlineData("/api/v1/dags/web_demo/dagRuns/..%2Fx", 400, "invalid run id")]
    [InlineData("/api/v1/dags/web_demo/dagRuns/no_such_run", 404, "DAG 'web_demo' has no run 'no_such_run'")]
    [InlineData("/api/v1/dags/web_demo/dagRuns?logical_date_gte=yesterday", 400, "logical_date_gte 'yesterday' is not a date")]
    [InlineData("/api/v1/dags/web_demo/dagRuns?state=lost", 400, "state 'lost' is not a DAG run state")]
    [InlineData("/api/v1/dags?limit=0", 400, "limit must be from 1 to 1000")]
    [InlineData("/api/v1/dags?limit=5000", 400, "limit must be from 1 to 1000")]
    [InlineData("/api/v1/dags?offset=-1", 400, "offset must not be negative")]
    [InlineData("/api/v1/dags?limit=ten", 400, "limit must be a whole number")]
    [InlineData("/api/v1/dags?paused=maybe", 400, "paused must be true or false")]
    [InlineData("/api/v1/connections/..%2Fetc", 400, "is not valid: use 1 to 250 letters")]
    [InlineData("/api/v1/connections/absent", 404, "Connection 'absent' was not found")]
    public async Task BadInput_ProblemDetailsNamingIt(string path, int status, string detail)
    {
        var problem = await host.Client(BatonRole.Admin).JsonAsync(path, (HttpStatusCode)status);
        AssertProblem(problem, status, detail);
    }

    [Fact]
    public async Task TaskInstanceAndLogPaths_WithDotsOrUnknownIds_AreRefused()
    {
        var viewer = host.Client(BatonRole.Viewer);
        AssertProblem(await viewer.JsonAsync($"/api/v1/dags/web_demo/dagRuns/{Run}/taskInstances/..%2F..%2Fencryption.key/logs/1", HttpStatusCode.BadRequest), 400, "invalid task_id");
        AssertProblem(await viewer.JsonAsync($"/api/v1/dags/web_demo/dagRuns/{Run}/taskInstances/nope", HttpStatusCode.NotFound), 404, "has no task instance 'nope'");
        AssertProblem(await viewer.JsonAsync($"/api/v1/dags/web_demo/dagRuns/{Run}/taskInstances/numbers/logs/0", HttpStatusCode.BadRequest), 400, "counts tries from 1");
        AssertProblem(await viewer.JsonAsync($"/api/v1/dags/web_demo/dagRuns/{Run}/taskInstances/total/xcomEntries/nope", HttpStatusCode.NotFound), 404, "No XCom for dag 'web_demo'");
    }

    [Theory]
    [InlineData("{\"conf\": ", "the request body is not valid JSON")]
    [InlineData("[1, 2]", "the request body must be a JSON object")]
    [InlineData("{\"conf\": [1]}", "conf must be a JSON object")]
    [InlineData("{\"conf\": {\"count\": \"three\"}}", "param 'count' must be a whole number (its default is 3), not a string")]
    [InlineData("{\"conf\": {\"count\": 2.5}}", "param 'count' must be a whole number")]
    [InlineData("{\"logical_date\": \"2024-13-45\"}", "logical_date '2024-13-45' is not a date")]
    [InlineData("{\"dag_run_id\": \"../up\"}", "invalid run id '../up'")]
    [InlineData("{\"dag_run_id\": 5}", "'dag_run_id' must be a string")]
    public async Task Trigger_WithBadBody_400NamingTheProblem(string body, string detail)
    {
        // Another test of this class adds a run of its own, so what is checked is that this request added none.
        var before = (await host.Client(BatonRole.Viewer).JsonAsync("/api/v1/dags/web_demo/dagRuns"))["total_entries"]!.GetValue<int>();
        var problem = await host.Client(BatonRole.User).SendJsonAsync(HttpMethod.Post, "/api/v1/dags/web_demo/dagRuns", body, HttpStatusCode.BadRequest);
        AssertProblem(problem, 400, detail);
        Assert.Equal(before, (await host.Client(BatonRole.Viewer).JsonAsync("/api/v1/dags/web_demo/dagRuns"))["total_entries"]!.GetValue<int>());
    }

    [Fact]
    public async Task XComWhoseObjectIsMissingOrDamaged_ProblemNamingTheXComAndLocation()
    {
        var xcoms = host.Get<Baton.XComs.XComService>();
        var run = (await host.Get<Baton.Execution.DagRunService>().TestAsync(host.Get<Baton.Dags.DagBag>().Get("web_demo"), new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero), cancellationToken: Ct)).Run;
        var escaped = Uri.EscapeDataString(run.RunId);
        var viewer = host.Client(BatonRole.Viewer);

        var total = (await xcoms.GetAsync(new Baton.XComs.XComKey("web_demo", run.RunId, "total"), Ct))!;
        File.Delete(new Uri(total.Payload.Location!).LocalPath);
        var missing = await viewer.JsonAsync($"/api/v1/dags/web_demo/dagRuns/{escaped}/taskInstances/total/xcomEntries/return_value", HttpStatusCode.NotFound);
        AssertProblem(missing, 404, $"its object '{total.Payload.Location}' is missing");
        AssertProblem(await viewer.JsonAsync($"/api/v1/dags/web_demo/dagRuns/{escaped}/taskInstances/total/xcomEntries/return_value/value/raw", HttpStatusCode.NotFound), 404, "task 'total'");

        var table = (await xcoms.GetAsync(new Baton.XComs.XComKey("web_demo", run.RunId, "table"), Ct))!;
        var path = new Uri(table.Payload.Location!).LocalPath;
        var bytes = await File.ReadAllBytesAsync(path, Ct);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes, Ct);
        var damaged = await viewer.JsonAsync($"/api/v1/dags/web_demo/dagRuns/{escaped}/taskInstances/table/xcomEntries/return_value", (HttpStatusCode)422);
        AssertProblem(damaged, 422, "task 'table'");
        Assert.Contains(table.Payload.Location!, damaged["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        using var download = await viewer.GetAsync($"/api/v1/dags/web_demo/dagRuns/{escaped}/taskInstances/table/xcomEntries/return_value/value/raw", HttpCompletionOption.ResponseHeadersRead, Ct);
        await Assert.ThrowsAnyAsync<Exception>(() => download.Content.ReadAsByteArrayAsync(Ct));
    }
}
