using System.Net;
using System.Net.Http.Headers;
using Baton.Web.Auth;
using static Baton.Web.Tests.Http;

namespace Baton.Web.Tests;

/// <summary>Auth on by default: 401 without or with refused credentials, 403 for a role that may not, revoked and expired tokens refused.</summary>
public sealed class AuthTests(WebTestHost host) : IClassFixture<WebTestHost>
{
    [Theory]
    [InlineData("/api/v1/dags")]
    [InlineData("/api/v1/dags/web_demo/dagRuns")]
    [InlineData("/api/v1/connections")]
    [InlineData("/api/v1/config")]
    public async Task NoCredentials_401WithProblemAndBearerChallenge(string path)
    {
        using var response = await host.Client(null).GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        AssertProblem(await ReadAsync(response, HttpStatusCode.Unauthorized), 401, "Authentication needed");
    }

    [Fact]
    public async Task UnknownToken_401NamingWhy()
    {
        var client = host.Client(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "baton_not-a-real-token");
        AssertProblem(await client.JsonAsync("/api/v1/dags", HttpStatusCode.Unauthorized), 401, "the API token is not known");
    }

    [Theory]
    [InlineData("Viewer", "POST", "/api/v1/dags/web_demo/dagRuns", "User")]
    [InlineData("Viewer", "PATCH", "/api/v1/dags/web_demo", "User")]
    [InlineData("Viewer", "POST", "/api/v1/dags/web_demo/clearTaskInstances", "User")]
    [InlineData("User", "GET", "/api/v1/connections", "Op")]
    [InlineData("User", "POST", "/api/v1/connections", "Op")]
    [InlineData("Viewer", "GET", "/api/v1/config", "Op")]
    [InlineData("Op", "GET", "/api/v1/users", "Admin")]
    public async Task RoleThatMayNot_403NamingTheRoleNeeded(string role, string method, string path, string needed)
    {
        var problem = await host.Client(BatonRoles.Parse(role)).SendJsonAsync(new HttpMethod(method), path, new { is_paused = false }, HttpStatusCode.Forbidden);
        AssertProblem(problem, 403, $"has the role {role}; this needs the role {needed} or above");
    }

    [Fact]
    public async Task HigherRole_IncludesLowerOnes()
    {
        Assert.Equal(2, (await host.Client(BatonRole.Admin).JsonAsync("/api/v1/dags"))["total_entries"]!.GetValue<int>());
        await host.Client(BatonRole.Admin).JsonAsync("/api/v1/connections");
        await host.Client(BatonRole.Op).SendJsonAsync(HttpMethod.Patch, "/api/v1/dags/web_demo", new { is_paused = true });
    }

    [Fact]
    public async Task RevokedToken_IsRefused_AndLastUseIsRecorded()
    {
        var created = await host.Get<ApiTokenService>().CreateAsync("viewer", "to-revoke", null, Ct);
        var client = host.Client(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Token);
        await client.JsonAsync("/api/v1/dags");
        var listed = (await host.Get<ApiTokenService>().ListAsync("viewer", Ct)).Single(t => t.Name == "to-revoke");
        Assert.NotNull(listed.LastUsedAt);
        Assert.NotEqual(created.Token, listed.TokenHash);
        Assert.Equal(ApiTokenService.Hash(created.Token), listed.TokenHash);

        await host.Get<ApiTokenService>().RevokeAsync("viewer", "to-revoke", Ct);

        AssertProblem(await client.JsonAsync("/api/v1/dags", HttpStatusCode.Unauthorized), 401, "'to-revoke' of user 'viewer' was revoked");
    }

    [Fact]
    public async Task TokenOfADeletedUser_IsRefused()
    {
        await host.Get<UserService>().CreateAsync("leaver", "Viewer", "password-leaver", Ct);
        var token = (await host.Get<ApiTokenService>().CreateAsync("leaver", "t", null, Ct)).Token;
        await host.Get<UserService>().DeleteAsync("leaver", Ct);
        var client = host.Client(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        AssertProblem(await client.JsonAsync("/api/v1/dags", HttpStatusCode.Unauthorized), 401, "the API token is not known");
    }

    [Fact]
    public async Task Login_ChecksThePasswordHash_AndIsRateLimited()
    {
        var login = host.Get<LoginService>();
        var ok = await login.LoginAsync("op", "password-op", "10.0.0.1", Ct);
        Assert.True(ok.Succeeded);
        Assert.Equal("Op", ok.Principal!.FindFirst(System.Security.Claims.ClaimTypes.Role)!.Value);
        Assert.StartsWith("AQAAAA", (await host.Get<UserService>().FindAsync("op", Ct))!.PasswordHash, StringComparison.Ordinal);
        Assert.False((await login.LoginAsync("op", "wrong", "10.0.0.1", Ct)).Succeeded);
        Assert.False((await login.LoginAsync("nobody", "wrong", "10.0.0.1", Ct)).Succeeded);

        // Failed attempts count against the client: successful logins do not use them up.
        for (var i = 0; i < 2 * LoginService.AttemptsPerWindow; i++)
        {
            Assert.True((await login.LoginAsync("op", "password-op", "10.0.0.2", Ct)).Succeeded);
        }

        for (var i = 0; i < LoginService.AttemptsPerWindow; i++)
        {
            Assert.Equal(LoginService.Refused, (await login.LoginAsync("op", "guess-" + i, "10.0.0.2", Ct)).Failure);
        }

        var throttled = await login.LoginAsync("op", "password-op", "10.0.0.2", Ct);
        Assert.False(throttled.Succeeded);
        Assert.Contains("too many login attempts", throttled.Failure, StringComparison.Ordinal);
        Assert.True((await login.LoginAsync("op", "password-op", "10.0.0.3", Ct)).Succeeded);
    }

    [Fact]
    public async Task SecretsOfAConnection_AreInNoResponse()
    {
        const string Password = "pw-Sekr3t-4711";
        const string ExtraSecret = "extra-Sekr3t-0815";
        var op = host.Client(BatonRole.Op);
        var bodies = new List<string>
        {
            (await op.SendJsonAsync(HttpMethod.Post, "/api/v1/connections", new { connection_id = "secretive", conn_type = "aws", password = Password, extra = new { aws_secret_access_key = ExtraSecret } })).ToJsonString(),
            (await op.JsonAsync("/api/v1/connections")).ToJsonString(),
            (await op.JsonAsync("/api/v1/connections/secretive")).ToJsonString(),
            (await op.SendJsonAsync(HttpMethod.Patch, "/api/v1/connections/secretive", new { description = "d" })).ToJsonString(),
            (await op.SendJsonAsync(HttpMethod.Post, "/api/v1/connections/secretive/test", null)).ToJsonString(),
            (await op.SendJsonAsync(HttpMethod.Post, "/api/v1/connections/test", new { connection_id = "x", conn_type = "aws", password = Password, extra = new { aws_secret_access_key = ExtraSecret } })).ToJsonString(),
            (await op.JsonAsync("/api/v1/config")).ToJsonString(),
            (await op.SendJsonAsync(HttpMethod.Post, "/api/v1/connections", "{\"connection_id\": \"bad\", \"conn_type\": \"aws\", \"extra\": \"{" + ExtraSecret + "\"}", HttpStatusCode.BadRequest)).ToJsonString(),
        };

        Assert.All(bodies, body =>
        {
            Assert.DoesNotContain(Password, body, StringComparison.Ordinal);
            Assert.DoesNotContain(ExtraSecret, body, StringComparison.Ordinal);
        });
        Assert.Equal(Password, (await host.Get<Baton.Connections.IConnectionStore>().GetAsync("secretive", Ct))!.Password);
    }
}
