using Baton.Configuration;
using Baton.Dags;
using Baton.Execution;
using Baton.Metadata;
using Baton.Scheduling;
using Baton.XComs;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Baton.Testing;

/// <summary>Baton's real services on a temporary BATON_HOME with a real SQLite file, for the given DAGs.</summary>
internal sealed class EngineHost : IAsyncDisposable
{
    private readonly bool _ownsHome;

    private EngineHost(string home, ServiceProvider services, bool ownsHome)
    {
        Home = home;
        Services = services;
        _ownsHome = ownsHome;
    }

    public string Home { get; }

    public ServiceProvider Services { get; }

    public DagBag Dags => Services.GetRequiredService<DagBag>();

    public IMetadataStore Store => Services.GetRequiredService<IMetadataStore>();

    public DagRunService Runs => Services.GetRequiredService<DagRunService>();

    public XComService XComs => Services.GetRequiredService<XComService>();

    public Scheduler Scheduler => Services.GetRequiredService<Scheduler>();

    public BatonPaths Paths => Services.GetRequiredService<BatonPaths>();

    public static async Task<EngineHost> StartAsync(
        IEnumerable<IDagDefinition> dags, IReadOnlyDictionary<string, string>? settings = null, TimeProvider? timeProvider = null,
        Action<IServiceCollection>? configure = null, string? home = null, string? sharedHome = null)
    {
        // A second host on another's BATON_HOME stands for a second process on the same database; the first host deletes the home.
        home = sharedHome ?? home ?? Directory.CreateTempSubdirectory("baton-test-").FullName;
        var variables = new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["BATON_HOME"] = home };
        var environment = BatonEnvironment.Create(home, variables);
        var services = new ServiceCollection();
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        configure?.Invoke(services);
        services.AddBaton(environment, BatonSettings.Build(environment), DagBag.FromDefinitions(dags));
        var provider = services.BuildServiceProvider();
        var host = new EngineHost(home, provider, ownsHome: sharedHome is null);
        await host.Store.MigrateAsync();
        await host.Scheduler.SyncDagsAsync();
        return host;
    }

    public Task<DagRunResult> TestAsync(string dagId, DateTimeOffset? logicalDate = null) =>
        Runs.TestAsync(Dags.Get(dagId), logicalDate ?? new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownsHome)
        {
            Directory.Delete(Home, recursive: true);
        }
    }
}
