using System.Net.Http.Headers;
using Baton.Configuration;
using Baton.Execution;
using Baton.Web.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Baton.Web.Tests;

/// <summary>
/// The test app (a user's ASP.NET Core app with AddWebServer and MapBatonApi) on a temporary BATON_HOME with a real
/// SQLite file and XComs in a local object store, four users (one per role) with a token each, and one finished run of
/// web_demo and of web_fail.
/// </summary>
public sealed class WebTestHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly DateTimeOffset DemoDate = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string> _settings;

    public WebTestHost() : this(null) { }

    /// <summary>A host with extra settings (BATON__… variables) over the defaults.</summary>
    internal static WebTestHost With(Dictionary<string, string> settings) => new(settings);

    private WebTestHost(Dictionary<string, string>? settings)
    {
        settings ??= [];
        Root = Directory.CreateTempSubdirectory("baton-web-").FullName;
        _settings = new Dictionary<string, string>(settings)
        {
            ["BATON_HOME"] = Path.Combine(Root, "home"),
            ["BATON__XCOM__BACKEND"] = "objectstorage",
            ["BATON__XCOM__PATH"] = new Uri(Path.Combine(Root, "xcoms")).AbsoluteUri,
            ["BATON__XCOM__THRESHOLD"] = "0",
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    public string Root { get; }

    public string DemoRunId { get; private set; } = "";

    public string FailRunId { get; private set; } = "";

    internal Dictionary<BatonRole, string> Tokens { get; } = [];

    /// <summary>A client that sends the token of a user with <paramref name="role"/>, or no credentials.</summary>
    internal HttpClient Client(BatonRole? role)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (role is { } r)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens[r]);
        }

        return client;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async ValueTask InitializeAsync()
    {
        using var _ = CreateClient(); // starts the host: settings checked, schema migrated, DAGs synced
        foreach (var role in Enum.GetValues<BatonRole>())
        {
            var name = role.ToString().ToLowerInvariant();
            await Get<UserService>().CreateAsync(name, role.ToString(), "password-" + name);
            Tokens[role] = (await Get<ApiTokenService>().CreateAsync(name, "tests", null)).Token;
        }

        var runs = Get<DagRunService>();
        var dags = Get<Baton.Dags.DagBag>();
        DemoRunId = (await runs.TestAsync(dags.Get("web_demo"), DemoDate)).Run.RunId;
        FailRunId = (await runs.TestAsync(dags.Get("web_fail"), DemoDate)).Run.RunId;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(Root);
        builder.UseEnvironment("Production");
        builder.ConfigureTestServices(services =>
        {
            var environment = BatonEnvironment.Create(Root, _settings);
            services.Replace(ServiceDescriptor.Singleton(environment));
            services.Replace(ServiceDescriptor.Singleton<Microsoft.Extensions.Configuration.IConfiguration>(sp =>
                BatonSettings.Build(environment)));
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
    }
}
