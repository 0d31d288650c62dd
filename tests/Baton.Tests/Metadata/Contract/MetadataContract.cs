using Baton.Runs;
using Baton.Metadata;

namespace Baton.Tests.Metadata.Contract;

/// <summary>
/// The base of the metadata contract suites (one per aspect): each test gets a new database from <see cref="Factory"/>,
/// migrated, and a store on it.
/// </summary>
public abstract class MetadataContract : IAsyncLifetime
{
    /// <summary>A time with microseconds, which every dialect must keep.</summary>
    protected static readonly DateTimeOffset Date = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1_234_560);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The database this suite runs on.</summary>
    protected abstract MetadataStoreFactory Factory { get; }

    protected MetadataTestDatabase Database { get; private set; } = null!;

    protected IMetadataStore Store { get; private set; } = null!;

    /// <summary>Every schema version, as the first migration of <see cref="Database"/> applied them.</summary>
    protected IReadOnlyList<int> Versions { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        Database = await Factory.CreateDatabaseAsync(Ct);
        Store = Database.OpenStore();
        Versions = await Store.MigrateAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected static DagRunRecord Run(string runId, DagRunOwner? owner = null, string dagId = "d", DateTimeOffset? logicalDate = null, DagRunType type = DagRunType.Manual,
        DagRunState state = DagRunState.Queued) => new()
    {
        DagId = dagId, RunId = runId, RunType = type, LogicalDate = logicalDate ?? Date, DataIntervalStart = logicalDate ?? Date,
        DataIntervalEnd = (logicalDate ?? Date).AddDays(1), State = state, QueuedAt = Date, Owner = owner,
    };

    protected static TaskInstanceRecord Instance(string runId, string taskId, int mapIndex = -1, string dagId = "d") => new()
    {
        DagId = dagId, RunId = runId, TaskId = taskId, MapIndex = mapIndex, State = TaskInstanceState.None, MaxTries = 2,
    };

    protected static DagRunOwner Owner(string token) => new(token, Environment.ProcessId, Environment.MachineName, Date);
}
