using Baton.Configuration;
using Baton.Dags;
using Baton.Metadata;
using Baton.Scheduling;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Benchmarks.Infrastructure;

/// <summary>
/// A fresh Baton installation in a temporary BATON_HOME: a real SQLite file, migrated, with the DAGs synced.
/// </summary>
/// <remarks>
/// Every sandbox is made at the same path, <c>{root}/home</c> (or <c>{root}/{name}</c> when several live at once), and
/// renamed aside when disposed (the caller deletes the root at the end). The same path gives the same connection string,
/// and Dapper caches its generated readers per connection string: a new path per run would make every run JIT them again.
/// </remarks>
internal sealed class BatonSandbox : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private BatonSandbox(string home, ServiceProvider services)
    {
        Home = home;
        _services = services;
    }

    public string Home { get; }

    public IServiceProvider Services => _services;

    public IMetadataStore Store => _services.GetRequiredService<IMetadataStore>();

    public DagBag Dags => _services.GetRequiredService<DagBag>();

    /// <summary>Creates the home, the services, the schema and the DAG rows.</summary>
    /// <param name="root">The directory the home is made in.</param>
    /// <param name="dags">The DAGs to load.</param>
    /// <param name="variables">Settings as environment variables (<c>BATON__CORE__PARALLELISM</c>…); BATON_HOME is set here.</param>
    /// <param name="cancellationToken">Cancels the setup.</param>
    /// <param name="name">The home's directory name under <paramref name="root"/>; distinct names let sandboxes live side by side.</param>
    /// <param name="configureServices">Adds services after Baton's (e.g. an object store provider: <c>AddBatonS3</c>).</param>
    public static async Task<BatonSandbox> CreateAsync(
        string root, DagBag dags, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken, string name = "home",
        Action<IServiceCollection>? configureServices = null)
    {
        var home = Path.Combine(root, name);
        if (Directory.Exists(home))
        {
            throw new InvalidOperationException($"{home} is in use by another sandbox");
        }

        Directory.CreateDirectory(home);
        var all = new Dictionary<string, string>(variables, StringComparer.Ordinal) { ["BATON_HOME"] = home };
        var environment = BatonEnvironment.Create(home, all);
        var collection = new ServiceCollection().AddBaton(environment, BatonSettings.Build(environment), dags);
        configureServices?.Invoke(collection);
        var services = collection.BuildServiceProvider();
        var sandbox = new BatonSandbox(home, services);
        try
        {
            await sandbox.Store.MigrateAsync(cancellationToken);
            await services.GetRequiredService<Scheduler>().SyncDagsAsync(cancellationToken);
            return sandbox;
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        // Pooled connections keep the database file open.
        SqliteConnection.ClearAllPools();
        Directory.Move(Home, Path.Combine(Path.GetDirectoryName(Home)!, "used-" + Guid.NewGuid().ToString("N")[..12]));
    }
}
