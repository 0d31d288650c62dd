using Baton.Runs;
using Baton.XComs;

namespace Baton.Metadata.Sql;

/// <summary>
/// The metadata store on a SQL database: <see cref="IMetadataStore"/> answered by one class per aspect (DAGs, runs, task
/// instances, XCom rows, migrations), all on the same <see cref="SqlDialect"/>.
/// </summary>
internal sealed class SqlMetadataStore : IMetadataStore
{
    private readonly SqlMigrator _migrator;
    private readonly SqlDagStore _dags;
    private readonly SqlDagRunStore _runs;
    private readonly SqlTaskInstanceStore _taskInstances;
    private readonly SqlXComRowStore _xcoms;

    public SqlMetadataStore(SqlDialect dialect, TimeProvider timeProvider)
    {
        _migrator = new SqlMigrator(dialect, timeProvider);
        _dags = new SqlDagStore(dialect);
        _runs = new SqlDagRunStore(dialect);
        _taskInstances = new SqlTaskInstanceStore(dialect);
        _xcoms = new SqlXComRowStore(dialect);
    }

    public Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default) => _migrator.MigrateAsync(cancellationToken);

    public Task UpsertDagAsync(DagRecord dag, CancellationToken cancellationToken = default) => _dags.UpsertAsync(dag, cancellationToken);

    public Task<DagRecord?> GetDagAsync(string dagId, CancellationToken cancellationToken = default) => _dags.GetAsync(dagId, cancellationToken);

    public Task<IReadOnlyList<DagRecord>> ListDagsAsync(CancellationToken cancellationToken = default) => _dags.ListAsync(cancellationToken);

    public Task<bool> SetDagPausedAsync(string dagId, bool isPaused, CancellationToken cancellationToken = default) =>
        _dags.SetPausedAsync(dagId, isPaused, cancellationToken);

    public Task CreateDagRunAsync(DagRunRecord run, IReadOnlyList<TaskInstanceRecord> taskInstances, CancellationToken cancellationToken = default) =>
        _runs.CreateAsync(run, taskInstances, cancellationToken);

    public Task<DagRunRecord?> GetDagRunAsync(string dagId, string runId, CancellationToken cancellationToken = default) =>
        _runs.GetAsync(dagId, runId, cancellationToken);

    public Task<IReadOnlyList<DagRunRecord>> ListDagRunsAsync(string? dagId = null, IReadOnlyCollection<DagRunState>? states = null, CancellationToken cancellationToken = default) =>
        _runs.ListAsync(dagId, states, cancellationToken);

    public Task<DagRunRecord?> GetLatestScheduledRunAsync(string dagId, CancellationToken cancellationToken = default) =>
        _runs.GetLatestScheduledAsync(dagId, cancellationToken);

    public Task<IReadOnlyList<DagRunRecord>> FindDagRunsByLogicalDateAsync(string dagId, DateTimeOffset logicalDate, CancellationToken cancellationToken = default) =>
        _runs.FindByLogicalDateAsync(dagId, logicalDate, cancellationToken);

    public Task UpdateDagRunAsync(DagRunRecord run, CancellationToken cancellationToken = default) => _runs.UpdateAsync(run, cancellationToken);

    public Task<DagRunRecord?> ClaimDagRunAsync(string dagId, string runId, DagRunOwner owner, string? replacing = null, CancellationToken cancellationToken = default) =>
        _runs.ClaimAsync(dagId, runId, owner, replacing, cancellationToken);

    public Task<bool> ReleaseDagRunAsync(string dagId, string runId, string ownerToken, CancellationToken cancellationToken = default) =>
        _runs.ReleaseAsync(dagId, runId, ownerToken, cancellationToken);

    public Task<bool> DeleteDagRunAsync(string dagId, string runId, string ownerToken, CancellationToken cancellationToken = default) =>
        _runs.DeleteAsync(dagId, runId, ownerToken, cancellationToken);

    public Task<IReadOnlyList<DagRunRecord>> ListDagRunsBeforeAsync(DateTimeOffset logicalDateBefore, string? dagId = null, CancellationToken cancellationToken = default) =>
        _runs.ListBeforeAsync(logicalDateBefore, dagId, cancellationToken);

    public Task<IReadOnlyList<TaskInstanceRecord>> ListTaskInstancesAsync(string dagId, string runId, CancellationToken cancellationToken = default) =>
        _taskInstances.ListAsync(dagId, runId, cancellationToken);

    public Task<IReadOnlyList<TaskInstanceRecord>> ListTaskInstancesInStatesAsync(IReadOnlyCollection<TaskInstanceState> states, CancellationToken cancellationToken = default) =>
        _taskInstances.ListInStatesAsync(states, cancellationToken);

    public Task UpdateTaskInstanceAsync(TaskInstanceRecord taskInstance, CancellationToken cancellationToken = default) =>
        _taskInstances.UpdateAsync(taskInstance, cancellationToken);

    public Task ExpandMappedTaskAsync(string dagId, string runId, string taskId, int count, int maxTries, CancellationToken cancellationToken = default) =>
        _taskInstances.ExpandMappedAsync(dagId, runId, taskId, count, maxTries, cancellationToken);

    public Task ResetTaskAsync(string dagId, string runId, string taskId, int maxTries, CancellationToken cancellationToken = default) =>
        _taskInstances.ResetAsync(dagId, runId, taskId, maxTries, cancellationToken);

    public Task<XComRecord?> SetXComAsync(XComRecord xcom, CancellationToken cancellationToken = default) => _xcoms.SetAsync(xcom, cancellationToken);

    public Task<XComRecord?> GetXComAsync(XComKey key, CancellationToken cancellationToken = default) => _xcoms.GetAsync(key, cancellationToken);

    public Task<IReadOnlyList<XComRecord>> ListXComsAsync(XComFilter filter, CancellationToken cancellationToken = default) => _xcoms.ListAsync(filter, cancellationToken);

    public Task<IReadOnlyList<XComRecord>> DeleteXComsAsync(XComFilter filter, CancellationToken cancellationToken = default) => _xcoms.DeleteAsync(filter, cancellationToken);

    /// <summary>Every location an XCom row references, without reading the rows (the orphan sweep's set).</summary>
    public Task<HashSet<string>> ListXComLocationsAsync(CancellationToken cancellationToken = default) => _xcoms.ListLocationsAsync(cancellationToken);
}
