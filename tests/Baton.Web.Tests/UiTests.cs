using System.Net;
using AngleSharp.Html.Dom;
using Baton.Web.Auth;
using static Baton.Web.Tests.Http;

namespace Baton.Web.Tests;

/// <summary>
/// The web UI's pages through the real server with a cookie session from the login form: what each page shows for
/// web_demo's finished run, what each role may press, forms with antiforgery, and odd or missing things as messages.
/// </summary>
public sealed class UiTests(WebTestHost host) : IClassFixture<WebTestHost>
{
    private string Run => Uri.EscapeDataString(host.DemoRunId);

    [Fact]
    public async Task Login_SetsAnHttpOnlySameSiteCookie_AWrongPasswordIsRefused_AndPagesNeedIt()
    {
        using var anonymous = new UiSession(host.Client(null));
        var (_, redirect) = await anonymous.GetAsync("/dags", HttpStatusCode.Redirect);
        Assert.StartsWith("/login", redirect.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal));

        var (login, _) = await anonymous.GetAsync("/login");
        using var refused = await anonymous.SubmitAsync("/login", login, "form", new() { ["Form.Username"] = "viewer", ["Form.Password"] = "wrong" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains(LoginService.Refused, System.Net.WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);

        var (page, _) = await anonymous.GetAsync("/login");
        using var accepted = await anonymous.SubmitAsync("/login", page, "form", new() { ["Form.Username"] = "viewer", ["Form.Password"] = "password-viewer" });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var cookie = Assert.Single(accepted.Headers.GetValues("Set-Cookie"), c => c.StartsWith(BatonAuthSchemes.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task FormWithoutAntiforgeryToken_IsRefused()
    {
        using var user = await UiSession.LogInAsync(host, "user");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "trigger" });
        using var response = await user.Client.PostAsync("/dags/web_demo/trigger", content, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single(await host.Get<Baton.Metadata.IMetadataStore>().ListDagRunsAsync("web_demo", cancellationToken: Ct));
    }

    [Fact]
    public async Task Viewer_SeesDagsGridGraphRunTaskAndXCom_ButNoButtons_AndGets403OnTheTriggerPage()
    {
        using var viewer = await UiSession.LogInAsync(host, "viewer");
        var (dags, _) = await viewer.GetAsync("/dags");
        Assert.Equal(["web_demo", "web_fail"], dags.QuerySelectorAll("td a strong").Select(e => e.TextContent));
        Assert.Null(dags.QuerySelector("[data-testid=trigger-web_demo]"));
        Assert.Contains("@daily", dags.Body!.TextContent, StringComparison.Ordinal);

        var (grid, _) = await viewer.GetAsync("/dags/web_demo");
        var cells = grid.QuerySelectorAll("[data-testid=grid] tbody a[data-state]").Select(a => a.GetAttribute("data-state")).ToList();
        Assert.Equal(["success", "success", "success", "success"], cells);
        Assert.Equal("3", grid.QuerySelector("[data-testid=grid] a.count")!.TextContent.Trim());   // square, mapped over 3 numbers, folded
        Assert.Null(grid.QuerySelector("[data-testid=trigger]"));

        var (graph, _) = await viewer.GetAsync("/dags/web_demo/graph");
        Assert.Equal(["numbers", "square [ ]", "table", "total"], graph.QuerySelectorAll("svg text").Select(t => t.TextContent).Order(StringComparer.Ordinal));
        Assert.Equal(3, graph.QuerySelectorAll("svg path[marker-end]").Length);

        var (run, _) = await viewer.GetAsync($"/dags/web_demo/runs/{Run}");
        Assert.Equal(6, run.QuerySelectorAll("[data-testid=task-instances] tbody tr").Length);   // numbers, square x3, total, table
        Assert.Null(run.QuerySelector("[data-testid=clear-run]"));

        var (task, _) = await viewer.GetAsync($"/dags/web_demo/runs/{Run}/tasks/numbers");
        Assert.Contains("making 3 numbers for world", task.QuerySelector("[data-testid=log]")!.TextContent, StringComparison.Ordinal);
        var xcomLink = task.QuerySelector("[data-testid=xcoms] a") as IHtmlAnchorElement;
        Assert.Equal("return_value", xcomLink!.TextContent);

        var (xcom, _) = await viewer.GetAsync(xcomLink.GetAttribute("href")!);
        Assert.Equal("[\n  1,\n  2,\n  3\n]", xcom.QuerySelector("[data-testid=xcom-json]")!.TextContent.ReplaceLineEndings("\n"));
        Assert.Contains("object", xcom.QuerySelector("[data-testid=xcom-metadata]")!.TextContent, StringComparison.Ordinal);
        using var download = await viewer.Client.GetAsync(xcom.QuerySelector("[data-testid=download]")!.GetAttribute("href"), Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("[1,2,3]", await download.Content.ReadAsStringAsync(Ct));

        var (forbidden, _) = await viewer.GetAsync("/dags/web_demo/trigger", HttpStatusCode.Forbidden);
        Assert.Contains("has the role Viewer; this needs the role User or above", forbidden.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataFrameXCom_ShowsItsSchemaAndRows()
    {
        using var viewer = await UiSession.LogInAsync(host, "viewer");
        var (page, _) = await viewer.GetAsync($"/dags/web_demo/runs/{Run}/tasks/table/xcom/return_value");
        Assert.Equal(["id", "xp_per_height"], page.QuerySelectorAll("[data-testid=xcom-schema] th").Select(t => t.TextContent));
        var rows = page.QuerySelectorAll("[data-testid=xcom-rows] tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToList()).ToList();
        Assert.Equal([["1", "11.2"], ["2", "9.75"]], rows);
    }

    [Fact]
    public async Task MissingObject_IsAMessageOnTheXComPage_NotAnErrorPage()
    {
        var xcoms = Directory.EnumerateFiles(Path.Combine(host.Root, "xcoms"), "*.json.zst", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(host.Root, "xcoms"), "*.json", SearchOption.AllDirectories))
            .Where(f => f.Contains("web_fail", StringComparison.Ordinal) && !f.EndsWith(".manifest.json", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(xcoms);
        var target = xcoms[0];
        var taskId = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(target))))!;
        File.Delete(target);

        using var viewer = await UiSession.LogInAsync(host, "viewer");
        var (page, _) = await viewer.GetAsync($"/dags/web_fail/runs/{Uri.EscapeDataString(host.FailRunId)}/tasks/{taskId}/xcom/return_value", HttpStatusCode.NotFound);
        var problem = page.QuerySelector("[data-testid=xcom-problem]");
        Assert.True(problem is not null, page.DocumentElement.OuterHtml);
        Assert.Contains("missing", problem.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(page.QuerySelector("[data-testid=xcom-metadata]"));
    }

    [Theory]
    [InlineData("/dags/no_such_dag")]
    [InlineData("/dags/..%2F..%2Fetc%2Fpasswd/graph")]
    [InlineData("/dags/web_demo/runs/no_such_run")]
    [InlineData("/dags/web_demo/runs/%2E%2E/tasks/numbers")]
    public async Task OddOrUnknownIds_AreANotFoundMessage(string path)
    {
        using var viewer = await UiSession.LogInAsync(host, "viewer");
        var response = await viewer.Client.GetAsync(path, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{path}: {response.StatusCode}: {text}");
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task User_TriggersWithAParamFromTheForm_AndThePageShowsTheRun()
    {
        using var user = await UiSession.LogInAsync(host, "user");
        var (form, _) = await user.GetAsync("/dags/web_demo/trigger");
        Assert.Equal("3", (form.QuerySelector("#param-count") as IHtmlInputElement)!.Value);
        using var bad = await user.SubmitAsync("/dags/web_demo/trigger", form, "form[data-testid=trigger-form]", new() { ["Form.Params[count]"] = "three" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("param &#x27;count&#x27; must be number", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var (again, _) = await user.GetAsync("/dags/web_demo/trigger");
        using var created = await user.SubmitAsync("/dags/web_demo/trigger", again, "form[data-testid=trigger-form]",
            new() { ["Form.Params[count]"] = "5", ["Form.LogicalDate"] = "2024-02-01", ["Form.RunId"] = "from_the_ui" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/dags/web_demo/runs/from_the_ui", new Uri(new Uri("http://localhost"), created.Headers.Location!).AbsolutePath);
        var run = await host.Get<Baton.Metadata.IMetadataStore>().GetDagRunAsync("web_demo", "from_the_ui", Ct);
        Assert.Equal(5, System.Text.Json.Nodes.JsonNode.Parse(run!.Conf!)!["count"]!.GetValue<int>());
        Assert.Equal("world", System.Text.Json.Nodes.JsonNode.Parse(run.Conf!)!["who"]!.GetValue<string>());

        var (page, _) = await user.GetAsync("/dags/web_demo/runs/from_the_ui");
        Assert.Contains("queued", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        await host.Get<Baton.Execution.DagRunService>().DeleteRunAsync("web_demo", "from_the_ui", Ct);
    }

    [Fact]
    public async Task Op_AddsEditsTestsAndDeletesAConnection_WhoseSecretsNeverComeBack()
    {
        const string Password = "ui-Sekr3t-pw";
        const string Extra = "{\"token\": \"ui-Sekr3t-extra\"}";
        using var op = await UiSession.LogInAsync(host, "op");
        var (form, _) = await op.GetAsync("/admin/connections/new");
        using var created = await op.SubmitAsync("/admin/connections/new", form, "form[data-testid=connection-form]", new()
        {
            ["Form.ConnectionId"] = "ui_conn", ["Form.ConnType"] = "generic", ["Form.Host"] = "example.org", ["Form.Login"] = "me",
            ["Form.Password"] = Password, ["Form.Extra"] = Extra,
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        var (list, _) = await op.GetAsync("/admin/connections?saved=ui_conn");
        Assert.Contains("Saved connection ui_conn.", list.QuerySelector("[data-testid=connection-message]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("example.org", list.QuerySelector("[data-testid=connections]")!.TextContent, StringComparison.Ordinal);
        using var tested = await op.SubmitAsync("/admin/connections", list, "form:has([data-testid=test-ui_conn])");
        var testedText = await tested.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Connection ui_conn: failed", System.Net.WebUtility.HtmlDecode(testedText), StringComparison.Ordinal);

        var (edit, _) = await op.GetAsync("/admin/connections/ui_conn");
        Assert.Equal("example.org", (edit.QuerySelector("#conn-host") as IHtmlInputElement)!.Value);
        using var saved = await op.SubmitAsync("/admin/connections/ui_conn", edit, "form[data-testid=connection-form]", new() { ["Form.Host"] = "example.com" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var connection = await host.Get<Baton.Connections.IConnectionStore>().GetAsync("ui_conn", Ct);
        Assert.Equal(("example.com", Password), (connection!.Host, connection.Password));   // an empty password field keeps the password

        foreach (var page in new[] { "/admin/connections", "/admin/connections/ui_conn", "/api/v1/connections/ui_conn" })
        {
            var text = await op.Client.GetStringAsync(page, Ct);
            Assert.DoesNotContain("Sekr3t", text, StringComparison.Ordinal);
        }

        var (again, _) = await op.GetAsync("/admin/connections");
        using var deleted = await op.SubmitAsync("/admin/connections", again, "form:has([data-testid=delete-ui_conn])");
        Assert.Null(await host.Get<Baton.Connections.IConnectionStore>().GetAsync("ui_conn", Ct));

        using var viewer = await UiSession.LogInAsync(host, "viewer");
        await viewer.GetAsync("/admin/connections", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Admin_AddsAUserWithAGeneratedPasswordShownOnce_AndOpMayNotSeeUsers()
    {
        using var admin = await UiSession.LogInAsync(host, "admin");
        var (page, _) = await admin.GetAsync("/admin/users");
        using var added = await admin.SubmitAsync("/admin/users", page, "form[data-testid=user-form]", new() { ["Form.Username"] = "ui_user", ["Form.Role"] = "User" });
        var (result, _) = (await new AngleSharp.Html.Parser.HtmlParser().ParseDocumentAsync(await added.Content.ReadAsStringAsync(Ct), Ct), added);
        var message = result.QuerySelector("[data-testid=user-message]")!.TextContent;
        var password = System.Text.RegularExpressions.Regex.Match(message, "with the password (\\S+) ").Groups[1].Value;
        Assert.True((await host.Get<LoginService>().LoginAsync("ui_user", password, "10.9.9.9", Ct)).Succeeded, message);
        Assert.DoesNotContain(password, await admin.Client.GetStringAsync("/admin/users", Ct), StringComparison.Ordinal);
        await host.Get<UserService>().DeleteAsync("ui_user", Ct);

        using var op = await UiSession.LogInAsync(host, "op");
        await op.GetAsync("/admin/users", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task StoragePage_ShowsBytesPerDagAndStore_TheLargestValues_AndTheSweepsDryRun()
    {
        using var viewer = await UiSession.LogInAsync(host, "viewer");
        var (page, _) = await viewer.GetAsync("/storage");
        Assert.Contains("web_demo", page.QuerySelector("[data-testid=storage-by-dag]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("file://", page.QuerySelector("[data-testid=storage-by-store]")!.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(page.QuerySelectorAll("[data-testid=largest] tbody tr"));
        Assert.Contains("Dry run", page.QuerySelector("[data-testid=sweep]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=sweep-button]"));
    }

    [Fact]
    public async Task User_ClearsWithDownstream_MarksSuccessAndFailed_AndDeletesARun_FromItsPages()
    {
        var runs = host.Get<Baton.Execution.DagRunService>();
        var store = host.Get<Baton.Metadata.IMetadataStore>();
        var run = (await runs.TestAsync(host.Get<Baton.Dags.DagBag>().Get("web_fail"), new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero), cancellationToken: Ct)).Run;
        var runPath = $"/dags/web_fail/runs/{Uri.EscapeDataString(run.RunId)}";
        using var user = await UiSession.LogInAsync(host, "user");

        // Mark the failed task success: its downstream task stays upstream_failed, so the finished run adds up to failed.
        var (boom, _) = await user.GetAsync(runPath + "/tasks/boom");
        using (var marked = await user.SubmitAsync(runPath + "/tasks/boom", boom, "form:has([data-testid=mark-success])"))
        {
            Assert.Contains("Marked task boom success (1 task instance(s) changed).", System.Net.WebUtility.HtmlDecode(await marked.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        }

        var states = (await store.ListTaskInstancesAsync("web_fail", run.RunId, Ct)).ToDictionary(t => t.TaskId, t => t.State);
        Assert.Equal(Baton.Runs.TaskInstanceState.Success, states["boom"]);
        Assert.Equal(Baton.Runs.TaskInstanceState.UpstreamFailed, states["after"]);
        Assert.Equal(Baton.Runs.DagRunState.Failed, (await store.GetDagRunAsync("web_fail", run.RunId, Ct))!.State);

        // Clear boom with its downstream task: both back to none, the run queued again for the scheduler.
        var (again, _) = await user.GetAsync(runPath + "/tasks/boom");
        using (await user.SubmitAsync(runPath + "/tasks/boom", again, "form:has([data-testid=clear-downstream])")) { }
        states = (await store.ListTaskInstancesAsync("web_fail", run.RunId, Ct)).ToDictionary(t => t.TaskId, t => t.State);
        Assert.Equal([Baton.Runs.TaskInstanceState.None, Baton.Runs.TaskInstanceState.None, Baton.Runs.TaskInstanceState.Success],
            [states["after"], states["boom"], states["start"]]);
        Assert.Equal(Baton.Runs.DagRunState.Queued, (await store.GetDagRunAsync("web_fail", run.RunId, Ct))!.State);

        // Mark the run success: every instance success, the run too.
        var (page, _) = await user.GetAsync(runPath);
        using (await user.SubmitAsync(runPath, page, "form:has([data-testid=mark-success])")) { }
        Assert.All(await store.ListTaskInstancesAsync("web_fail", run.RunId, Ct), t => Assert.Equal(Baton.Runs.TaskInstanceState.Success, t.State));
        Assert.Equal(Baton.Runs.DagRunState.Success, (await store.GetDagRunAsync("web_fail", run.RunId, Ct))!.State);

        // Delete it: the run and its XComs are gone, the page goes back to the grid.
        var (last, _) = await user.GetAsync(runPath);
        using var deleted = await user.SubmitAsync(runPath, last, "form:has([data-testid=delete-run])");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Null(await store.GetDagRunAsync("web_fail", run.RunId, Ct));
        Assert.Empty(await store.ListXComsAsync(new Baton.XComs.XComFilter { DagId = "web_fail", RunId = run.RunId }, Ct));
    }

    [Fact]
    public async Task LogFollow_ReturnsWhatTheLogGainedSinceAnOffset()
    {
        using var viewer = await UiSession.LogInAsync(host, "viewer");
        var (task, _) = await viewer.GetAsync($"/dags/web_demo/runs/{Run}/tasks/numbers");
        var log = task.QuerySelector("[data-testid=log]")!;
        var follow = log.GetAttribute("data-follow")!;
        var end = long.Parse(log.GetAttribute("data-offset")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(end > 0);

        using var all = await viewer.Client.GetAsync(follow + "&offset=0", Ct);
        Assert.Equal(log.TextContent, await all.Content.ReadAsStringAsync(Ct));
        Assert.Equal(end.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(all.Headers.GetValues("X-Log-Offset")));

        using var nothingNew = await viewer.Client.GetAsync(follow + $"&offset={end}", Ct);
        Assert.Equal("", await nothingNew.Content.ReadAsStringAsync(Ct));

        using var anonymous = host.Client(null);
        using var refused = await anonymous.GetAsync(follow + "&offset=0", Ct);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }
}

