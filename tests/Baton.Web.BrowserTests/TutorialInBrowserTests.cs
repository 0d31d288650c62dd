using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Baton.Testing;
using Baton.Web.BrowserTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Baton.Web.BrowserTests;

/// <summary>
/// The tutorial's steps 3 and 5–7 done in a real Chromium against the tutorial app's <c>webserver</c> and <c>scheduler</c>
/// (<see cref="TutorialServer"/>): log in, create the S3 connection and test it, unpause and trigger both DAGs, see their
/// grids turn green, read both XComs in the pages and download them; a Viewer finds no trigger button and gets 403.
/// </summary>
public sealed partial class TutorialInBrowserTests(TutorialServer server) : IClassFixture<TutorialServer>
{
    private const string SimpleXcom = "simple_xcom";
    private const string FetchPokemonData = "fetch_pokemon_data";
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(90);

    static TutorialInBrowserTests() => SetDefaultExpectTimeout(15_000);

    [Fact(Timeout = 240_000)]
    public async Task Admin_CreatesTheS3Connection_TriggersBothDags_AndReadsAndDownloadsTheirXComs()
    {
        await using var browser = await BrowserSession.StartAsync(server.BaseUrl, nameof(Admin_CreatesTheS3Connection_TriggersBothDags_AndReadsAndDownloadsTheirXComs));
        await browser.RunAsync(async () =>
        {
            await LogInAsync(browser, TutorialServer.Admin);
            await Expect(browser.Page.Locator(".banner")).ToHaveCountAsync(0);   // auth is on: no "authentication is off" banner
            await CreateAndTestTheS3ConnectionAsync(browser);

            var runs = new Dictionary<string, string>();
            foreach (var dag in new[] { SimpleXcom, FetchPokemonData })
            {
                runs[dag] = await UnpauseAndTriggerAsync(browser, dag);
            }

            await WaitForAGreenGridAsync(browser, SimpleXcom, tasks: 2);
            await WaitForAGreenGridAsync(browser, FetchPokemonData, tasks: 3);
            await ReadAndDownloadThePokemonDataFrameAsync(browser, runs[FetchPokemonData]);
            await ReadAndDownloadTheSimpleXComJsonAsync(browser, runs[SimpleXcom]);
        }, TestContext.Current.CancellationToken);
    }

    [Fact(Timeout = 120_000)]
    public async Task Viewer_SeesTheDagsAndGrid_WithoutATriggerButton_AndGets403OnTheTriggerUrl()
    {
        await using var browser = await BrowserSession.StartAsync(server.BaseUrl, nameof(Viewer_SeesTheDagsAndGrid_WithoutATriggerButton_AndGets403OnTheTriggerUrl));
        await browser.RunAsync(async () =>
        {
            var page = browser.Page;
            await LogInAsync(browser, TutorialServer.Viewer);
            Assert.Equal([FetchPokemonData, SimpleXcom], (await page.Locator("table.list td a strong").AllTextContentsAsync()).Order(StringComparer.Ordinal));
            await Expect(page.Locator(".who")).ToContainTextAsync($"{TutorialServer.Viewer} (Viewer)");
            await Expect(page.Locator("[data-testid^=trigger-]")).ToHaveCountAsync(0);
            await Expect(page.Locator("[data-testid^=pause-]")).ToHaveCountAsync(0);

            await browser.GotoAsync("viewer-grid", $"/dags/{SimpleXcom}");
            await Expect(page.Locator("h1")).ToContainTextAsync(SimpleXcom);
            await Expect(page.Locator("[data-testid=trigger]")).ToHaveCountAsync(0);

            var forbidden = await browser.GotoAsync("viewer-trigger-forbidden", $"/dags/{SimpleXcom}/trigger");
            Assert.Equal(403, forbidden.Status);
            await Expect(page.Locator("[role=alert]")).ToHaveTextAsync($"User '{TutorialServer.Viewer}' has the role Viewer; this needs the role User or above.");
            await Expect(page.Locator("[data-testid=trigger-form]")).ToHaveCountAsync(0);
        }, TestContext.Current.CancellationToken);
    }

    /// <summary>Logs in through the form (which carries an antiforgery token) and lands on the DAG list.</summary>
    internal static async Task LogInAsync(BrowserSession browser, string username)
    {
        var page = browser.Page;
        await browser.GotoAsync("login", "/login");
        await AssertAntiforgeryTokenAsync(page.Locator("form"));
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", TutorialServer.Password(username));
        await page.ClickAsync("button[type=submit]");
        await browser.WaitForPathAsync(PathIs("/dags"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("DAGs");
        await browser.ShotAsync("dags-" + username);
    }

    private static async Task CreateAndTestTheS3ConnectionAsync(BrowserSession browser)
    {
        var page = browser.Page;
        await browser.GotoAsync("connections", "/admin/connections");
        await page.ClickAsync("[data-testid=add-connection]");
        await browser.WaitForPathAsync(PathIs("/admin/connections/new"));
        await AssertAntiforgeryTokenAsync(page.Locator("[data-testid=connection-form]"));
        await page.FillAsync("#conn-id", TutorialServer.ConnId);
        await page.FillAsync("#conn-type", "aws");
        await page.FillAsync("#conn-login", S3EmulatorSettings.AccessKey);
        await page.FillAsync("#conn-password", S3EmulatorSettings.SecretKey);
        await page.FillAsync("#conn-extra", JsonSerializer.Serialize(S3EmulatorSettings.Extra()));
        await browser.ShotAsync("connection-new");
        await page.ClickAsync("[data-testid=save-connection]");
        await Expect(page.Locator("[data-testid=connection-message]")).ToHaveTextAsync($"Saved connection {TutorialServer.ConnId}.");
        await browser.ShotAsync("connection-saved");

        var testButton = page.Locator($"[data-testid=test-{TutorialServer.ConnId}]");
        var row = page.Locator("[data-testid=connections] tbody tr", new() { Has = testButton });
        Assert.Equal([TutorialServer.ConnId, "aws", "", S3EmulatorSettings.AccessKey, "database"], (await row.Locator("td").AllTextContentsAsync()).Take(5).Select(t => t.Trim()));
        await row.Locator("input[name='Test.Container']").FillAsync(S3EmulatorSettings.Bucket);
        await testButton.ClickAsync();
        var message = page.Locator("[data-testid=connection-message]");
        await Expect(message).ToContainTextAsync($"Connection {TutorialServer.ConnId}: ");
        await browser.ShotAsync("connection-tested");
        var text = await message.TextContentAsync();
        Assert.True(text!.StartsWith($"Connection {TutorialServer.ConnId}: OK", StringComparison.Ordinal), text);
    }

    /// <summary>Unpauses the DAG on the list, triggers it through its form and returns the new run's page path.</summary>
    private static async Task<string> UnpauseAndTriggerAsync(BrowserSession browser, string dagId)
    {
        var page = browser.Page;
        await browser.GotoAsync("dags", "/dags");
        var toggle = page.Locator($"[data-testid=pause-{dagId}]");
        await Expect(toggle).ToHaveTextAsync("paused");
        await toggle.ClickAsync();
        await Expect(toggle).ToHaveTextAsync("active");
        await browser.ShotAsync("unpaused-" + dagId);

        await page.ClickAsync($"[data-testid=trigger-{dagId}]");
        await browser.WaitForPathAsync(PathIs($"/dags/{dagId}/trigger"));
        var form = page.Locator("[data-testid=trigger-form]");
        await AssertAntiforgeryTokenAsync(form);
        await browser.ShotAsync("trigger-" + dagId);
        await form.Locator("button[type=submit]").ClickAsync();
        await browser.WaitForPathAsync($"/dags/{dagId}/runs/manual__[^/?#]+");
        await browser.ShotAsync("triggered-" + dagId);
        return new Uri(page.Url).AbsolutePath;
    }

    /// <summary>Reloads the DAG's grid until every cell (runs and task instances) is green; fails early on a failed one.</summary>
    private async Task WaitForAGreenGridAsync(BrowserSession browser, string dagId, int tasks)
    {
        var page = browser.Page;
        var deadline = DateTime.UtcNow + RunLimit;
        string?[] states = [];
        while (DateTime.UtcNow < deadline)
        {
            await page.GotoAsync($"/dags/{dagId}", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
            states = await page.Locator("[data-testid=grid] a.state").EvaluateAllAsync<string?[]>("cells => cells.map(c => c.dataset.state ?? null)");
            if (states.Any(s => s is "failed" or "upstream_failed"))
            {
                await browser.ShotAsync($"grid-{dagId}-failed");
                Assert.Fail($"a run of {dagId} failed: [{string.Join(", ", states)}]\n{server.Printed}");
            }

            // Each run is a column of 1 + tasks cells: its own state, then one per task.
            if (states.Length >= 1 + tasks && states.Length % (1 + tasks) == 0 && states.All(s => s == "success"))
            {
                await browser.ShotAsync($"grid-{dagId}-green");
                return;
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"the grid of {dagId} did not turn green within {RunLimit}: [{string.Join(", ", states)}]\n{server.Printed}");
    }

    private async Task ReadAndDownloadThePokemonDataFrameAsync(BrowserSession browser, string runPath)
    {
        var page = browser.Page;
        await OpenXComAsync(browser, runPath, "calculate_xp_per_height");
        Assert.Equal(["pokemon", "base_experience", "height", "xp_per_height"], await page.Locator("[data-testid=xcom-rows] thead th").AllTextContentsAsync());
        var rows = await page.Locator("[data-testid=xcom-rows] tbody tr").EvaluateAllAsync<string[][]>("rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))");
        Assert.Equal(2, rows.Length);
        Assert.Equal(["pikachu", "112", "4"], rows[0][..3]);
        Assert.Equal(28.0, double.Parse(rows[0][3], CultureInfo.InvariantCulture));
        Assert.Equal(["vulpix", "60", "6"], rows[1][..3]);
        Assert.Equal(10.0, double.Parse(rows[1][3], CultureInfo.InvariantCulture));

        var metadata = await MetadataAsync(page);
        Assert.Equal("object", metadata["Storage"]);
        Assert.Equal("parquet", metadata["Format"]);
        Assert.Equal("none", metadata["Compression"]);
        await AssertInTheBucketAsync(metadata["Location"]);

        var bytes = await DownloadAsync(browser);
        Assert.Equal(StoredSize(metadata), bytes.Length);   // no compression: the stored bytes are the Parquet file
        Assert.Equal("PAR1", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal("PAR1", Encoding.ASCII.GetString(bytes, bytes.Length - 4, 4));
    }

    private async Task ReadAndDownloadTheSimpleXComJsonAsync(BrowserSession browser, string runPath)
    {
        var page = browser.Page;
        await OpenXComAsync(browser, runPath, "generate_value");
        var shown = JsonNode.Parse(await page.Locator("[data-testid=xcom-json]").TextContentAsync() ?? "")!;
        var number = shown["RandomNumber"]!.GetValue<int>();
        Assert.InRange(number, 1, 1000);
        Assert.Equal("baton", shown["Record"]!["Name"]!.GetValue<string>());
        Assert.Equal(["xcom", "tutorial"], shown["Record"]!["Tags"]!.AsArray().Select(t => t!.GetValue<string>()));

        var metadata = await MetadataAsync(page);
        Assert.Equal("json", metadata["Format"]);
        await AssertInTheBucketAsync(metadata["Location"]);
        var bytes = await DownloadAsync(browser);
        Assert.True(JsonNode.DeepEquals(shown, JsonNode.Parse(bytes)), Encoding.UTF8.GetString(bytes));

        // The downstream task pulled the same value back from the bucket and printed it to its log.
        await browser.GotoAsync("task-print_value", runPath + "/tasks/print_value");
        await Expect(page.Locator("[data-testid=log]")).ToContainTextAsync($"Received random number {number} and record baton [xcom, tutorial]");
    }

    /// <summary>Run page → the task's page → its return_value XCom, by the links a user follows.</summary>
    private static async Task OpenXComAsync(BrowserSession browser, string runPath, string taskId)
    {
        var page = browser.Page;
        await browser.GotoAsync("run-" + runPath.Split('/')[2], runPath);
        await page.Locator("[data-testid=task-instances] a", new() { HasTextString = taskId }).First.ClickAsync();
        await browser.WaitForPathAsync(PathIs($"{runPath}/tasks/{taskId}"));
        await browser.ShotAsync("task-" + taskId);
        await page.Locator("[data-testid=xcoms] a", new() { HasTextString = "return_value" }).ClickAsync();
        await browser.WaitForPathAsync(PathIs($"{runPath}/tasks/{taskId}/xcom/return_value"));
        await browser.ShotAsync("xcom-" + taskId);
    }

    /// <summary>Clicks the Download link and returns the file's bytes (kept beside the screenshots).</summary>
    private static async Task<byte[]> DownloadAsync(BrowserSession browser)
    {
        var download = await browser.Page.RunAndWaitForDownloadAsync(() => browser.Page.ClickAsync("[data-testid=download]"));
        Assert.Null(await download.FailureAsync());
        var file = Path.Combine(browser.Folder, "download-" + download.SuggestedFilename);
        await download.SaveAsAsync(file);
        return await File.ReadAllBytesAsync(file);
    }

    private static async Task<Dictionary<string, string>> MetadataAsync(IPage page)
    {
        var pairs = await page.Locator("[data-testid=xcom-metadata] tr").EvaluateAllAsync<string[][]>("rows => rows.map(r => [r.cells[0].textContent.trim(), r.cells[1].textContent.trim()])");
        return pairs.ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    }

    private static long StoredSize(Dictionary<string, string> metadata) =>
        long.Parse(BytesInParentheses().Match(metadata["Stored size"]).Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    /// <summary>The page's location is an object of this server's prefix in the emulator's bucket, and the object is there.</summary>
    private async Task AssertInTheBucketAsync(string location)
    {
        var expectedStart = $"s3://{TutorialServer.ConnId}@{S3EmulatorSettings.Bucket}/{server.Prefix}/";
        Assert.StartsWith(expectedStart, location, StringComparison.Ordinal);
        var key = location[$"s3://{TutorialServer.ConnId}@{S3EmulatorSettings.Bucket}/".Length..];
        Assert.Contains(key, await S3EmulatorBucket.KeysAsync(server.Prefix + "/", TestContext.Current.CancellationToken));
    }

    private static async Task AssertAntiforgeryTokenAsync(ILocator form)
    {
        var token = await form.Locator("input[type=hidden][name=__RequestVerificationToken]").GetAttributeAsync("value");
        Assert.False(string.IsNullOrEmpty(token), "the form has no antiforgery token");
    }

    private static string PathIs(string path) => Regex.Escape(path);

    [GeneratedRegex(@"\(([\d,]+) bytes\)")]
    private static partial Regex BytesInParentheses();
}
