using Baton.Metadata;
using Baton.Runs;
using Microsoft.Extensions.Logging;

namespace Baton.Execution;

/// <summary>
/// Finds task instances left running or queued by a process on this host that is gone (killed, crashed) and
/// fails them, or puts them up for retry when they have tries left, as Airflow does with zombie tasks.
/// </summary>
internal sealed class TaskInstanceRecovery
{
    private readonly IMetadataStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TaskInstanceRecovery> _logger;

    public TaskInstanceRecovery(IMetadataStore store, TimeProvider timeProvider, ILogger<TaskInstanceRecovery> logger)
    {
        _store = store;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Fails or retries the orphaned instances; returns them in their new state.</summary>
    public async Task<IReadOnlyList<TaskInstanceRecord>> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var candidates = await _store.ListTaskInstancesInStatesAsync([TaskInstanceState.Running, TaskInstanceState.Queued], cancellationToken).ConfigureAwait(false);
        return await RecoverAsync(candidates, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Fails or retries the orphaned instances of one run, as a process that has just taken the run over does: a try left
    /// running by a process that is gone would otherwise never end.
    /// </summary>
    public async Task<IReadOnlyList<TaskInstanceRecord>> RecoverRunAsync(string dagId, string runId, CancellationToken cancellationToken = default)
    {
        var candidates = (await _store.ListTaskInstancesAsync(dagId, runId, cancellationToken).ConfigureAwait(false))
            .Where(t => t.State is TaskInstanceState.Running or TaskInstanceState.Queued)
            .ToList();
        return await RecoverAsync(candidates, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<TaskInstanceRecord>> RecoverAsync(IReadOnlyList<TaskInstanceRecord> candidates, CancellationToken cancellationToken)
    {
        var recovered = new List<TaskInstanceRecord>();
        foreach (var instance in candidates)
        {
            if (instance.Hostname is { } host && host != Environment.MachineName)
            {
                _logger.LogWarning("Task instance {DagId}.{TaskId} of run {RunId} is {State} on host {Host}; left alone",
                    instance.DagId, instance.TaskId, instance.RunId, StateNames.Of(instance.State), host);
                continue;
            }

            if (instance.Pid is { } pid && ProcessLiveness.IsAlive(pid))
            {
                continue;
            }

            var now = _timeProvider.GetUtcNow();
            var error = $"the process that ran this try (pid {instance.Pid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} on {instance.Hostname ?? "unknown host"}) stopped before it ended";
            var updated = instance.TryNumber <= instance.MaxTries
                ? instance with { State = TaskInstanceState.UpForRetry, EndDate = now, NextRetryAt = now, Error = error }
                : instance with { State = TaskInstanceState.Failed, EndDate = now, Error = error };
            await _store.UpdateTaskInstanceAsync(updated, cancellationToken).ConfigureAwait(false);
            _logger.LogWarning("Task instance {DagId}.{TaskId}[{MapIndex}] of run {RunId} was orphaned; now {State}",
                instance.DagId, instance.TaskId, instance.MapIndex, instance.RunId, StateNames.Of(updated.State));
            recovered.Add(updated);
        }

        return recovered;
    }
}
