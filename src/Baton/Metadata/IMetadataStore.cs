using Baton.Runs;
using Baton.XComs;

namespace Baton.Metadata;

/// <summary>
/// The metadata database: DAGs, runs, task instances and XCom rows. The engine talks only to this port; Baton's
/// implementation answers it with one class per aspect on a SQL dialect, so another database (PostgreSQL) is a new
/// dialect, not a change to the engine.
/// </summary>
/// <remarks>
/// Implementations are thread-safe; every call is its own transaction unless its summary says otherwise. A database
/// failure surfaces as <see cref="MetadataStoreException"/> (locked, read-only, cannot be opened), whose message names
/// the database and what to do.
/// </remarks>
public interface IMetadataStore
{
    /// <summary>Creates the schema or brings it to the newest version; returns the versions applied.</summary>
    Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts the DAG (paused as given) or updates what was seen of it, keeping its paused state.</summary>
    Task UpsertDagAsync(DagRecord dag, CancellationToken cancellationToken = default);

    /// <summary>Returns the DAG's row, or null.</summary>
    Task<DagRecord?> GetDagAsync(string dagId, CancellationToken cancellationToken = default);

    /// <summary>Returns every DAG row, ordered by id.</summary>
    Task<IReadOnlyList<DagRecord>> ListDagsAsync(CancellationToken cancellationToken = default);

    /// <summary>Pauses or unpauses a DAG; returns false when the DAG has no row.</summary>
    Task<bool> SetDagPausedAsync(string dagId, bool isPaused, CancellationToken cancellationToken = default);

    /// <summary>Inserts a run (with its <see cref="DagRunRecord.Owner"/>, if any) and its task instances in one transaction.</summary>
    /// <exception cref="DagRunExistsException">A run with the same DAG and run id exists.</exception>
    Task CreateDagRunAsync(DagRunRecord run, IReadOnlyList<TaskInstanceRecord> taskInstances, CancellationToken cancellationToken = default);

    /// <summary>Returns a run, or null.</summary>
    Task<DagRunRecord?> GetDagRunAsync(string dagId, string runId, CancellationToken cancellationToken = default);

    /// <summary>Returns runs, newest logical date first; filters are optional.</summary>
    Task<IReadOnlyList<DagRunRecord>> ListDagRunsAsync(string? dagId = null, IReadOnlyCollection<DagRunState>? states = null, CancellationToken cancellationToken = default);

    /// <summary>Returns the scheduled or backfill run with the latest logical date, or null.</summary>
    Task<DagRunRecord?> GetLatestScheduledRunAsync(string dagId, CancellationToken cancellationToken = default);

    /// <summary>Returns the runs of a DAG whose logical date is the given one.</summary>
    Task<IReadOnlyList<DagRunRecord>> FindDagRunsByLogicalDateAsync(string dagId, DateTimeOffset logicalDate, CancellationToken cancellationToken = default);

    /// <summary>Writes a run's state and times (not its owner).</summary>
    Task UpdateDagRunAsync(DagRunRecord run, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes <paramref name="owner"/> the run's owner if the run has none, is already held by that owner's token, or is held
    /// by <paramref name="replacing"/> (a holder the caller found gone), as one atomic step: of two processes claiming at once,
    /// one wins. Returns the run as it is afterwards (its <see cref="DagRunRecord.Owner"/> says who holds it), or null when
    /// there is no such run.
    /// </summary>
    Task<DagRunRecord?> ClaimDagRunAsync(string dagId, string runId, DagRunOwner owner, string? replacing = null, CancellationToken cancellationToken = default);

    /// <summary>Clears the run's owner if <paramref name="ownerToken"/> still holds it; false otherwise.</summary>
    Task<bool> ReleaseDagRunAsync(string dagId, string runId, string ownerToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a run the caller holds (<paramref name="ownerToken"/>) and its task instances; false when there is no such run
    /// or someone else holds it. Not its XComs: delete those through the XCom service so objects are purged.
    /// </summary>
    Task<bool> DeleteDagRunAsync(string dagId, string runId, string ownerToken, CancellationToken cancellationToken = default);

    /// <summary>Returns the runs whose logical date is before the given time, oldest first.</summary>
    Task<IReadOnlyList<DagRunRecord>> ListDagRunsBeforeAsync(DateTimeOffset logicalDateBefore, string? dagId = null, CancellationToken cancellationToken = default);

    /// <summary>Returns a run's task instances, ordered by task id and map index.</summary>
    Task<IReadOnlyList<TaskInstanceRecord>> ListTaskInstancesAsync(string dagId, string runId, CancellationToken cancellationToken = default);

    /// <summary>Returns every task instance in one of the states, across runs.</summary>
    Task<IReadOnlyList<TaskInstanceRecord>> ListTaskInstancesInStatesAsync(IReadOnlyCollection<TaskInstanceState> states, CancellationToken cancellationToken = default);

    /// <summary>Writes a task instance's state, try number, times, host and error.</summary>
    Task UpdateTaskInstanceAsync(TaskInstanceRecord taskInstance, CancellationToken cancellationToken = default);

    /// <summary>Replaces the placeholder (map index -1) of a mapped task with instances 0..count-1, in one transaction.</summary>
    Task ExpandMappedTaskAsync(string dagId, string runId, string taskId, int count, int maxTries, CancellationToken cancellationToken = default);

    /// <summary>Replaces every instance of a task in a run with one instance (map index -1) in state none, in one transaction.</summary>
    Task ResetTaskAsync(string dagId, string runId, string taskId, int maxTries, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces an XCom row; returns the row it replaced, if any, so its object can be purged after the commit.</summary>
    Task<XComRecord?> SetXComAsync(XComRecord xcom, CancellationToken cancellationToken = default);

    /// <summary>Returns one XCom row, or null.</summary>
    Task<XComRecord?> GetXComAsync(XComKey key, CancellationToken cancellationToken = default);

    /// <summary>Returns the XCom rows that match, ordered by DAG, run, task, map index and key.</summary>
    Task<IReadOnlyList<XComRecord>> ListXComsAsync(XComFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Deletes the XCom rows that match and returns them, so their objects can be purged.</summary>
    Task<IReadOnlyList<XComRecord>> DeleteXComsAsync(XComFilter filter, CancellationToken cancellationToken = default);
}
