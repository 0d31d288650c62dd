using Baton.Web.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Baton.Web.BrowserTests;

/// <summary>With BATON__WEBSERVER__AUTH=off the UI asks for no login and says on every page that anyone acts as the public role.</summary>
public sealed class AuthOffBannerTests
{
    private const string Banner = "Authentication is off (BATON__WEBSERVER__AUTH=off): anyone who can reach this server acts as Admin.";

    [Fact(Timeout = 120_000)]
    public async Task AuthOff_PagesOpenWithoutLogin_AndShowTheBanner()
    {
        await using var server = new TutorialServer(new Dictionary<string, string> { ["BATON__WEBSERVER__AUTH"] = "off", ["BATON__XCOM__BACKEND"] = "database" }, withScheduler: false);
        await server.InitializeAsync();
        await using var browser = await BrowserSession.StartAsync(server.BaseUrl, nameof(AuthOff_PagesOpenWithoutLogin_AndShowTheBanner));
        await browser.RunAsync(async () =>
        {
            var page = browser.Page;
            var dags = await browser.GotoAsync("auth-off-dags", "/dags");
            Assert.Equal(200, dags.Status);
            Assert.Equal("/dags", new Uri(page.Url).AbsolutePath);
            await Expect(page.Locator(".banner")).ToHaveTextAsync(Banner);
            await Expect(page.Locator("[data-testid=trigger-simple_xcom]")).ToHaveCountAsync(1);
            await Expect(page.Locator(".who")).ToHaveCountAsync(0);   // nobody to log out

            await browser.GotoAsync("auth-off-connections", "/admin/connections");
            await Expect(page.Locator(".banner")).ToHaveTextAsync(Banner);
            await Expect(page.Locator("h1")).ToHaveTextAsync("Connections");
        }, TestContext.Current.CancellationToken);
    }
}
