using Baton.Configuration;
using Baton.Dags;
using Baton.Execution;
using Baton.Metadata;
using Baton.Runs;
using Baton.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Baton.Scheduling;

/// <summary>
/// The scheduler with its local executor: recovers orphaned task instances, creates runs from each unpaused DAG's
/// timetable (with or without catch-up), starts queued runs up to each DAG's limit of active runs, and drives every
/// running run until it ends.
/// </summary>
internal sealed class Scheduler
{
    private readonly DagBag _dags;
    private readonly IMetadataStore _store;
    private readonly DagRunService _runs;
    private readonly TaskInstanceRecovery _recovery;
    private readonly TimeProvider _timeProvider;
    private readonly SchedulerOptions _options;
    private readonly CoreOptions _core;
    private readonly ILogger<Scheduler> _logger;
    private readonly SchedulerHeartbeat _heartbeat;
    private readonly Dictionary<(string DagId, string RunId), Task> _active = [];

    internal Scheduler(
        DagBag dags, IMetadataStore store, DagRunService runs, TaskInstanceRecovery recovery, TimeProvider timeProvider,
        IOptions<SchedulerOptions> options, IOptions<CoreOptions> core, ILogger<Scheduler> logger, SchedulerHeartbeat heartbeat)
    {
        _heartbeat = heartbeat;
        _dags = dags;
        _store = store;
        _runs = runs;
        _recovery = recovery;
        _timeProvider = timeProvider;
        _options = options.Value;
        _core = core.Value;
        _logger = logger;
    }

    /// <summary>The runs this scheduler is driving now.</summary>
    public int ActiveRunCount
    {
        get
        {
            lock (_active)
            {
                return _active.Count;
            }
        }
    }

    /// <summary>Runs until cancelled; then waits for the runs in progress to stop (their tries are cancelled).</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await SyncDagsAsync(cancellationToken).ConfigureAwait(false);
        await _recovery.RecoverAsync(cancellationToken).ConfigureAwait(false);
        await _heartbeat.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            long? previousPassEnded = null;
            while (!cancellationToken.IsCancellationRequested)
            {
                if (previousPassEnded is { } ended && SchedulerTelemetry.Enabled)
                {
                    SchedulerTelemetry.RecordLoopLag(_timeProvider.GetElapsedTime(ended), _options.PollInterval);
                }

                await RunOnceAsync(cancellationToken).ConfigureAwait(false);
                await _heartbeat.BeatIfDueAsync(cancellationToken).ConfigureAwait(false);
                previousPassEnded = _timeProvider.GetTimestamp();
                await Task.Delay(_options.PollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _logger.LogInformation("Scheduler stopping; waiting for {Count} run(s) to stop", ActiveRunCount);
        }

        Task[] active;
        lock (_active)
        {
            active = [.. _active.Values];
        }

        await Task.WhenAll(active.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
    }

    /// <summary>One scheduling pass: create due runs, start queued runs, resume running runs nobody drives.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken = default)
    {
        foreach (var dag in _dags.Dags)
        {
            var row = await _store.GetDagAsync(dag.DagId, cancellationToken).ConfigureAwait(false);
            if (row is null || row.IsPaused)
            {
                continue;
            }

            await CreateDueRunsAsync(dag, cancellationToken).ConfigureAwait(false);
            await StartRunsAsync(dag, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes a row for each loaded DAG; a DAG seen for the first time is paused when <see cref="CoreOptions.DagsArePausedAtCreation"/> says so.</summary>
    public async Task SyncDagsAsync(CancellationToken cancellationToken = default)
    {
        var now = _timeProvider.GetUtcNow();
        foreach (var dag in _dags.Dags)
        {
            await _store.UpsertDagAsync(new DagRecord
            {
                DagId = dag.DagId, IsPaused = _core.DagsArePausedAtCreation, Description = dag.Spec.Description,
                Schedule = dag.Spec.Schedule, Tags = dag.Spec.Tags, LastSeenAt = now,
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Creates every run the DAG's timetable has due now; returns them.</summary>
    public async Task<IReadOnlyList<DagRunRecord>> CreateDueRunsAsync(Dag dag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dag);
        var created = new List<DagRunRecord>();
        if (!dag.Timetable.CanBeScheduled)
        {
            return created;
        }

        var restriction = new TimeRestriction(dag.Spec.StartDate, dag.Spec.EndDate, dag.Spec.Catchup);
        var latest = await _store.GetLatestScheduledRunAsync(dag.DagId, cancellationToken).ConfigureAwait(false);
        DataInterval? last = latest is null ? null : new DataInterval(latest.DataIntervalStart, latest.DataIntervalEnd);
        var now = _timeProvider.GetUtcNow();
        while (dag.Timetable.NextDagRunInfo(last, restriction, now) is { } next && next.RunAfter <= now)
        {
            var existing = await _store.FindDagRunsByLogicalDateAsync(dag.DagId, next.LogicalDate, cancellationToken).ConfigureAwait(false);
            if (existing.Count == 0)
            {
                try
                {
                    created.Add(await _runs.CreateRunAsync(dag, DagRunType.Scheduled, next.DataInterval, next.LogicalDate, cancellationToken: cancellationToken).ConfigureAwait(false));
                }
                catch (DagRunExistsException e)
                {
                    // Another scheduler on this database created it a moment ago, or a triggered run took its id: not this one's to create.
                    _logger.LogDebug("Scheduled run of {DagId} for {LogicalDate} not created: {Message}", dag.DagId, next.LogicalDate, e.Message);
                }
            }

            last = next.DataInterval;
        }

        if (created.Count > 0)
        {
            _logger.LogInformation("Created {Count} scheduled run(s) of {DagId}", created.Count, dag.DagId);
        }

        return created;
    }

    private async Task StartRunsAsync(Dag dag, CancellationToken cancellationToken)
    {
        var runs = await _store.ListDagRunsAsync(dag.DagId, [DagRunState.Queued, DagRunState.Running], cancellationToken).ConfigureAwait(false);
        HashSet<string> driven;
        lock (_active)
        {
            driven = _active.Keys.Where(k => k.DagId == dag.DagId).Select(k => k.RunId).ToHashSet(StringComparer.Ordinal);
        }

        // A run this scheduler has started may still be queued in the database; it counts as active all the same. So does a
        // run another live process holds (dags test, backfill, another scheduler): it is theirs to drive, not this one's.
        var heldElsewhere = runs.Where(r => !driven.Contains(r.RunId) && DagRunClaims.IsHeldByOther(r)).Select(r => r.RunId).ToHashSet(StringComparer.Ordinal);
        var active = runs.Where(r => r.State == DagRunState.Running || driven.Contains(r.RunId) || heldElsewhere.Contains(r.RunId)).ToList();
        foreach (var run in active.Where(r => !heldElsewhere.Contains(r.RunId)))
        {
            Start(dag, run, cancellationToken);
        }

        var room = dag.Spec.MaxActiveRuns - active.Count;
        foreach (var run in runs.Except(active).OrderBy(r => r.LogicalDate).Take(Math.Max(0, room)))
        {
            Start(dag, run, cancellationToken);
        }
    }

    private void Start(Dag dag, DagRunRecord run, CancellationToken cancellationToken)
    {
        lock (_active)
        {
            if (_active.ContainsKey((dag.DagId, run.RunId)))
            {
                return;
            }

            _active[(dag.DagId, run.RunId)] = DriveAsync(dag, run, cancellationToken);
        }
    }

    private async Task DriveAsync(Dag dag, DagRunRecord run, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            // Claims the run first; a run another process holds is refused, and one that has ended since it was listed is left as it is.
            var result = await _runs.RunAsync(dag, run, null, cancellationToken).ConfigureAwait(false);
            if (result.AlreadyEnded)
            {
                _logger.LogDebug("Run {DagId} {RunId} was ended by another process; left as it is", dag.DagId, run.RunId);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _logger.LogInformation("Run {DagId} {RunId} interrupted by shutdown; it resumes when the scheduler starts again", dag.DagId, run.RunId);
        }
        catch (DagRunInUseException e)
        {
            // Another process took the run between this pass's listing and the claim; it drives the run.
            _logger.LogDebug("Run {DagId} {RunId} left to its holder: {Message}", dag.DagId, run.RunId, e.Message);
        }
        catch (BatonException e)
        {
            _logger.LogError("Run {DagId} {RunId} stopped: {Message}", dag.DagId, run.RunId, e.Message);
        }
        finally
        {
            lock (_active)
            {
                _active.Remove((dag.DagId, run.RunId));
            }
        }
    }
}
