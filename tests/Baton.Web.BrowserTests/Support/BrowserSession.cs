using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Baton.Web.BrowserTests.Support;

/// <summary>
/// Debian's Chromium (BATON_TEST_CHROMIUM, default /usr/bin/chromium; scripts/browser.sh installs it) driven by
/// Playwright on one server: every page a step shows is saved as <c>NN-step.png</c> under
/// <see cref="TestResultsFolder"/>/&lt;test&gt;, and a failing scenario leaves <c>failure.png</c> and <c>failure.html</c> there.
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IBrowserContext _context;
    private int _step;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page, string folder)
    {
        (_playwright, _browser, _context, Page, Folder) = (playwright, browser, context, page, folder);
    }

    public IPage Page { get; }

    /// <summary>Where this test's screenshots, HTML and downloads go.</summary>
    public string Folder { get; }

    /// <summary>A fresh browser (no cookies) on <paramref name="baseUrl"/>, saving under a folder named <paramref name="testName"/>.</summary>
    public static async Task<BrowserSession> StartAsync(string baseUrl, string testName)
    {
        var executable = Environment.GetEnvironmentVariable("BATON_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        Assert.True(File.Exists(executable), $"Chromium is not at {executable}: install it with `bash scripts/browser.sh` (apt-get install chromium) or set BATON_TEST_CHROMIUM");
        var folder = Path.Combine(TestResultsFolder.Browser, testName);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);   // this test's own files from an earlier run: no stale failure.png
        }

        Directory.CreateDirectory(folder);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = executable, Headless = true });
        var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, AcceptDownloads = true, ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(60_000);   // a cold server's first pages and a fresh browser profile
        return new BrowserSession(playwright, browser, context, await context.NewPageAsync(), folder);
    }

    /// <summary>Opens <paramref name="path"/> and saves the page as step <paramref name="step"/>; returns the main response.</summary>
    public async Task<IResponse> GotoAsync(string step, string path)
    {
        var response = await Page.GotoAsync(path, new() { WaitUntil = WaitUntilState.DOMContentLoaded }) ?? throw new InvalidOperationException($"no response for {path}");
        await ShotAsync(step);
        return response;
    }

    /// <summary>
    /// Waits until a click has led to a page whose path matches the regular expression <paramref name="path"/> (a query
    /// may follow) and that page's HTML is parsed.
    /// The address is polled rather than waited for as a navigation event: a form post answered by a redirect is one
    /// navigation to the browser, two to the page's history.
    /// </summary>
    public async Task WaitForPathAsync(string path)
    {
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex($"^https?://[^/]+{path}(?:[?#].*)?$"), new() { Timeout = 30_000 });
        await Page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>Saves what the page shows now as the next numbered step.</summary>
    public async Task ShotAsync(string step)
    {
        _step++;
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Folder, $"{_step.ToString("00", CultureInfo.InvariantCulture)}-{step}.png"), FullPage = true });
    }

    /// <summary>
    /// Runs <paramref name="scenario"/>; when it fails or <paramref name="cancellationToken"/> ends it (the test's timeout),
    /// keeps the page's screenshot and HTML, then lets the failure through.
    /// </summary>
    public async Task RunAsync(Func<Task> scenario, CancellationToken cancellationToken)
    {
        try
        {
            await scenario().WaitAsync(cancellationToken);
        }
        catch (Exception)
        {
            await SaveFailureAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    private async Task SaveFailureAsync()
    {
        try
        {
            await Page.ScreenshotAsync(new() { Path = Path.Combine(Folder, "failure.png"), FullPage = true, Timeout = 10_000 });
            await File.WriteAllTextAsync(Path.Combine(Folder, "failure.html"), $"<!-- {Page.Url} -->\n" + await Page.ContentAsync());
            TestContext.Current.TestOutputHelper?.WriteLine($"The page at failure ({Page.Url}): {Path.Combine(Folder, "failure.png")} and failure.html beside it.");
        }
        catch (PlaywrightException e)
        {
            // The browser itself broke: the test's own failure matters more than this one.
            await File.WriteAllTextAsync(Path.Combine(Folder, "failure.txt"), $"could not save the page at {Page.Url}: {e.Message}");
        }
    }
}
