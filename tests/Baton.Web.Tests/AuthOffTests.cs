using System.Net;
using static Baton.Web.Tests.Http;

namespace Baton.Web.Tests;

/// <summary>With BATON__WEBSERVER__AUTH=off, requests without credentials act as the public role; without it they never do.</summary>
public sealed class AuthOffTests
{
    [Fact]
    public async Task AuthOff_AnonymousActsAsThePublicRole()
    {
        await using var host = WebTestHost.With(new Dictionary<string, string> { ["BATON__WEBSERVER__AUTH"] = "off", ["BATON__WEBSERVER__PUBLIC_ROLE"] = "User" });
        await host.InitializeAsync();
        var anonymous = host.Client(null);

        Assert.Equal(2, (await anonymous.JsonAsync("/api/v1/dags"))["total_entries"]!.GetValue<int>());
        await anonymous.SendJsonAsync(HttpMethod.Patch, "/api/v1/dags/web_demo", new { is_paused = false });
        AssertProblem(await anonymous.JsonAsync("/api/v1/connections", HttpStatusCode.Forbidden), 403, "User 'anonymous' has the role User; this needs the role Op");
    }

    [Fact]
    public async Task AuthOn_ByDefault_AnonymousIsRefused()
    {
        await using var host = new WebTestHost();
        await host.InitializeAsync();
        Assert.Equal("on", host.Get<Microsoft.Extensions.Options.IOptions<WebServerOptions>>().Value.Auth);
        AssertProblem(await host.Client(null).JsonAsync("/api/v1/dags", HttpStatusCode.Unauthorized), 401, "Authentication needed");
    }
}
