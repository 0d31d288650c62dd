using Baton.Metadata;
using Baton.Metadata.Sql;
using Microsoft.Extensions.Logging;

namespace Baton.Scheduling;

/// <summary>
/// The running scheduler's sign of life: its row in <c>scheduler_heartbeat</c> (host, pid, start), rewritten at most every
/// <see cref="Interval"/> from the scheduling loop, so the web server's <c>/health</c> can tell how long ago a scheduler
/// last ran a pass. A write that fails is logged and skipped: the heartbeat never stops the scheduler.
/// </summary>
internal sealed class SchedulerHeartbeat(SqlSchedulerHeartbeatStore store, TimeProvider timeProvider, ILogger<SchedulerHeartbeat> logger)
{
    /// <summary>How often the heartbeat is written (Airflow's <c>scheduler_heartbeat_sec</c> default).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>Rows of schedulers silent for longer than this are deleted when a scheduler starts.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    private DateTimeOffset _startedAt;
    private DateTimeOffset? _lastBeat;

    /// <summary>Writes the first heartbeat and forgets schedulers silent for longer than <see cref="Retention"/>.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _startedAt = timeProvider.GetUtcNow();
        _lastBeat = null;
        await TryAsync(() => store.PruneAsync(_startedAt - Retention, cancellationToken)).ConfigureAwait(false);
        await BeatIfDueAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the heartbeat when <see cref="Interval"/> has passed since the last one.</summary>
    public async Task BeatIfDueAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (_lastBeat is { } last && now - last < Interval)
        {
            return;
        }

        _lastBeat = now;
        await TryAsync(() => store.BeatAsync(new SchedulerHeartbeatRecord(Environment.MachineName, Environment.ProcessId, _startedAt, now), cancellationToken))
            .ConfigureAwait(false);
    }

    private async Task TryAsync(Func<Task> write)
    {
        try
        {
            await write().ConfigureAwait(false);
        }
        catch (MetadataStoreException e)
        {
            logger.LogWarning("Scheduler heartbeat not written: {Message}", e.Message);
        }
    }
}
