using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Baton.Testing;

namespace Baton.Web.BrowserTests.Support;

/// <summary>
/// The tutorial app run as a user runs it: <c>users create</c> for an Admin and a Viewer, then <c>scheduler</c> and
/// <c>webserver --port …</c> as two processes on one temporary BATON_HOME, XComs on the S3 emulator as the tutorial's
/// step 6 sets them (object storage, threshold 0, no compression) under a prefix of this server's own, and PokeAPI
/// answered by the bundled sample on loopback. The S3 connection is not set: the browser test creates it.
/// </summary>
public sealed class TutorialServer : IAsyncLifetime
{
    public const string ConnId = "s3_xcom_backend_conn";
    public const string Admin = "admin";
    public const string Viewer = "viewer";

    private readonly string _home = Path.Combine(Path.GetTempPath(), "baton-browser-" + Guid.NewGuid().ToString("N"));
    private readonly List<TutorialAppProcess> _processes = [];
    private readonly bool _withScheduler;
    private readonly Dictionary<string, string> _environment;
    private SamplePokeApi? _pokeApi;

    /// <summary>The tutorial's setup with the scheduler beside the web server.</summary>
    public TutorialServer()
        : this(new Dictionary<string, string>(), withScheduler: true)
    {
    }

    /// <summary>The web server alone when <paramref name="withScheduler"/> is false; <paramref name="settings"/> are added to (and win over) the tutorial's.</summary>
    internal TutorialServer(IReadOnlyDictionary<string, string> settings, bool withScheduler)
    {
        _withScheduler = withScheduler;
        Prefix = $"browser-tests/{Guid.NewGuid():N}";
        _environment = new Dictionary<string, string>
        {
            ["BATON_HOME"] = _home,
            ["BATON__XCOM__BACKEND"] = "objectstorage",
            ["BATON__XCOM__PATH"] = $"s3://{ConnId}@{S3EmulatorSettings.Bucket}/{Prefix}",
            ["BATON__XCOM__THRESHOLD"] = "0",
            ["BATON__XCOM__COMPRESSION"] = "none",
            ["BATON__SCHEDULER__POLL_INTERVAL"] = "00:00:00.100",
            ["BATON__CORE__DAGS_ARE_PAUSED_AT_CREATION"] = "true",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (key, value) in settings)
        {
            _environment[key] = value;
        }
    }

    /// <summary>The web server's address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Where in the bucket this server's XComs go.</summary>
    public string Prefix { get; }

    /// <summary>The password of <paramref name="username"/>, given to <c>users create</c>.</summary>
    public static string Password(string username) => "password-" + username + "-7";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_home);
        if (_withScheduler)
        {
            await S3EmulatorBucket.EnsureReadyAsync(Ct);
            _pokeApi = new SamplePokeApi();
            _environment["BATON__POKEAPI__BASE_URL"] = _pokeApi.BaseUrl;
        }

        var limit = TimeSpan.FromSeconds(60);
        await TutorialAppProcess.RunAsync(_home, _environment, limit, Ct, "users", "create", "--username", Admin, "--role", "Admin", "--password", Password(Admin));
        await TutorialAppProcess.RunAsync(_home, _environment, limit, Ct, "users", "create", "--username", Viewer, "--role", "Viewer", "--password", Password(Viewer));

        if (_withScheduler)
        {
            _processes.Add(TutorialAppProcess.Start(_home, _environment, "scheduler"));
        }

        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var server = TutorialAppProcess.Start(_home, _environment, "webserver", "--port", port.ToString(CultureInfo.InvariantCulture));
        _processes.Add(server);
        await WaitForHealthAsync(server);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        _pokeApi?.Dispose();
        if (_withScheduler)
        {
            await S3EmulatorBucket.DeletePrefixAsync(Prefix + "/", CancellationToken.None);
        }

        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a process that is just ending; the temp folder is the system's to clear.
        }
    }

    /// <summary>What the scheduler and web server printed, for a failure message.</summary>
    public string Printed => string.Join("\n", _processes.Select(p => p.Printed));

    private async Task WaitForHealthAsync(TutorialAppProcess server)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited)
            {
                Assert.Fail($"the web server ended before answering /health:\n{server.Printed}");
            }

            try
            {
                using var response = await http.GetAsync("/health", Ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail($"the web server did not answer /health at {BaseUrl} within a minute:\n{server.Printed}");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
