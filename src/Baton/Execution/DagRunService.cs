using System.Text.Json.Nodes;
using Baton.Dags;
using Baton.Metadata;
using Baton.Runs;
using Baton.Scheduling;
using Baton.XComs;

namespace Baton.Execution;

/// <summary>Creates, runs and deletes DAG runs: what <c>dags test</c>, <c>dags trigger</c>, <c>dags backfill</c> and the scheduler share.</summary>
internal sealed class DagRunService
{
    private readonly IMetadataStore _store;
    private readonly XComService _xcoms;
    private readonly DagRunProcessor _processor;
    private readonly TaskInstanceRunner _runner;
    private readonly DagRunClaims _claims;
    private readonly TaskInstanceRecovery _recovery;
    private readonly TimeProvider _timeProvider;

    internal DagRunService(
        IMetadataStore store, XComService xcoms, DagRunProcessor processor, TaskInstanceRunner runner, DagRunClaims claims, TaskInstanceRecovery recovery,
        TimeProvider timeProvider)
    {
        _store = store;
        _xcoms = xcoms;
        _processor = processor;
        _runner = runner;
        _claims = claims;
        _recovery = recovery;
        _timeProvider = timeProvider;
    }

    /// <summary>Creates a run and its task instances (state none); with an <paramref name="owner"/>, the run is held by it from the start.</summary>
    /// <exception cref="ArgumentException">The run id breaks the rule in <see cref="RunIds.Rule"/>.</exception>
    /// <exception cref="DagRunExistsException">The DAG already has a run with that id.</exception>
    public async Task<DagRunRecord> CreateRunAsync(
        Dag dag, DagRunType runType, DataInterval dataInterval, DateTimeOffset logicalDate, string? runId = null, JsonObject? conf = null,
        DagRunState state = DagRunState.Queued, DagRunOwner? owner = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dag);
        runId ??= RunIds.Generate(runType, logicalDate);
        if (RunIds.Problem(runId) is { } problem)
        {
            throw new ArgumentException(problem, nameof(runId));
        }

        var run = new DagRunRecord
        {
            DagId = dag.DagId, RunId = runId, RunType = runType, LogicalDate = logicalDate, DataIntervalStart = dataInterval.Start,
            DataIntervalEnd = dataInterval.End, State = state, Conf = conf?.ToJsonString(), QueuedAt = _timeProvider.GetUtcNow(), Owner = owner,
        };
        var instances = dag.Tasks.Select(t => new TaskInstanceRecord
        {
            DagId = dag.DagId, RunId = runId, TaskId = t.TaskId, MapIndex = -1, State = TaskInstanceState.None, MaxTries = dag.RetriesOf(t),
        }).ToList();
        await _store.CreateDagRunAsync(run, instances, cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Creates a queued manual run, as <c>dags trigger</c> does; the scheduler runs it.</summary>
    public Task<DagRunRecord> TriggerAsync(Dag dag, DateTimeOffset? logicalDate = null, string? runId = null, JsonObject? conf = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dag);
        var date = logicalDate ?? _timeProvider.GetUtcNow();
        return CreateRunAsync(dag, DagRunType.Manual, dag.Timetable.InferManualDataInterval(date), date, runId, conf, DagRunState.Queued, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Runs the whole DAG in this process for one logical date, as <c>dags test</c>: an earlier run with the same id is
    /// deleted first (its XComs purged); the new run is recorded like any other. The run is held by this process from
    /// the delete to its end.
    /// </summary>
    /// <remarks>
    /// When <paramref name="cancellationToken"/> is cancelled (Ctrl+C), the running tasks are stopped and recorded
    /// <c>failed</c> with the reason <c>cancelled: interrupted by user</c>, the tasks not yet run <c>skipped</c>, and the
    /// run ends <c>failed</c>; the result is returned as for any run (check the token to tell an interrupted run).
    /// </remarks>
    /// <exception cref="DagRunInUseException">Another live process holds the earlier run (it is running it); nothing was changed.</exception>
    public async Task<DagRunResult> TestAsync(Dag dag, DateTimeOffset logicalDate, TextWriter? echoLogTo = null, JsonObject? conf = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dag);
        var runId = RunIds.Generate(DagRunType.Manual, logicalDate);
        var owner = _claims.NewOwner();
        DagRunRecord run;
        while (true)
        {
            if (await _claims.ClaimAsync(dag.DagId, runId, owner, cancellationToken).ConfigureAwait(false) is not null)
            {
                await DeleteHeldRunAsync(dag.DagId, runId, owner, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                run = await CreateRunAsync(dag, DagRunType.Manual, dag.Timetable.InferManualDataInterval(logicalDate), logicalDate, runId, conf,
                    DagRunState.Queued, owner, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (DagRunExistsException)
            {
                // Another process created the run between the delete and the insert: the next claim says who holds it.
            }
        }

        try
        {
            return await RunHeldAsync(dag, run, new TaskRunMode(true, echoLogTo, EndRunOnCancel: true), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _claims.ReleaseAsync(dag.DagId, runId, owner).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs an existing run's remaining task instances in this process, holding the run meanwhile. A run that has ended
    /// by the time it is held (another process drove it to its end after <paramref name="run"/> was read) is not run
    /// again: it is returned as it ended.
    /// </summary>
    /// <remarks>Cancelling stops the running tries; the run stays running, for the scheduler to resume it.</remarks>
    /// <exception cref="DagRunInUseException">Another live process holds the run.</exception>
    /// <exception cref="BatonException">The run does not exist (any more).</exception>
    public async Task<DagRunResult> RunAsync(Dag dag, DagRunRecord run, TextWriter? echoLogTo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dag);
        ArgumentNullException.ThrowIfNull(run);
        var owner = _claims.NewOwner();
        var held = await _claims.ClaimAsync(dag.DagId, run.RunId, owner, cancellationToken).ConfigureAwait(false)
            ?? throw new BatonException($"DAG '{dag.DagId}' has no run '{run.RunId}'.");
        try
        {
            if (held.State is DagRunState.Success or DagRunState.Failed)
            {
                // Read as queued or running, ended since: whoever ended it has logged and recorded its end.
                return new DagRunResult(held, await _store.ListTaskInstancesAsync(dag.DagId, run.RunId, CancellationToken.None).ConfigureAwait(false)) { AlreadyEnded = true };
            }

            return await RunHeldAsync(dag, held, new TaskRunMode(true, echoLogTo), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _claims.ReleaseAsync(dag.DagId, run.RunId, owner).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Creates a backfill run for every interval whose start lies in <c>[start, end]</c> (skipping dates that already have a
    /// run) and runs them in this process, at most the DAG's <see cref="DagSpec.MaxActiveRuns"/> at once. The runs are held
    /// by this process from their creation, so a scheduler leaves the waiting ones alone. When cancelled (Ctrl+C), every
    /// run ends failed as <see cref="TestAsync"/> describes, including those not started yet.
    /// </summary>
    /// <param name="dag">The DAG.</param>
    /// <param name="start">The first logical date.</param>
    /// <param name="end">The last logical date.</param>
    /// <param name="progress">Told (runs ended, runs in all) once the runs are created and as each ends, or null.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public async Task<IReadOnlyList<DagRunResult>> BackfillAsync(
        Dag dag, DateTimeOffset start, DateTimeOffset end, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dag);
        var owner = _claims.NewOwner();
        var runs = new List<DagRunRecord>();
        var intervals = dag.Timetable.CanBeScheduled
            ? dag.Timetable.IntervalsBetween(start, end)
            : [new DataInterval(start, start)];
        try
        {
            foreach (var interval in intervals)
            {
                var existing = await _store.FindDagRunsByLogicalDateAsync(dag.DagId, interval.Start, cancellationToken).ConfigureAwait(false);
                if (existing.Count > 0)
                {
                    continue;
                }

                try
                {
                    runs.Add(await CreateRunAsync(dag, DagRunType.Backfill, interval, interval.Start, owner: owner, cancellationToken: cancellationToken).ConfigureAwait(false));
                }
                catch (DagRunExistsException)
                {
                    // Another backfill created this date's run just now; it runs it.
                }
            }

            var results = new DagRunResult[runs.Count];
            // Not cancelled as a whole: each run ends itself when cancelled, so none is left queued for a scheduler to pick up.
            var mode = new TaskRunMode(true, null, EndRunOnCancel: true);
            var done = 0;
            var counting = new Lock();
            progress?.Report((0, runs.Count));
            await Parallel.ForAsync(0, runs.Count, new ParallelOptions { MaxDegreeOfParallelism = dag.Spec.MaxActiveRuns },
                async (i, _) =>
                {
                    results[i] = await RunHeldAsync(dag, runs[i], mode, cancellationToken).ConfigureAwait(false);
                    lock (counting)
                    {
                        // Counted and told together, so the counts are told in order.
                        progress?.Report((++done, runs.Count));
                    }
                }).ConfigureAwait(false);
            return results;
        }
        finally
        {
            foreach (var run in runs)
            {
                await _claims.ReleaseAsync(dag.DagId, run.RunId, owner).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Drives a run this process holds: first ends the tries a gone process left running, then runs what remains.</summary>
    private async Task<DagRunResult> RunHeldAsync(Dag dag, DagRunRecord run, TaskRunMode mode, CancellationToken cancellationToken)
    {
        // Not cancelled: a run that is held gets to its end (or its stop) through the processor, never half-way here.
        await _recovery.RecoverRunAsync(dag.DagId, run.RunId, CancellationToken.None).ConfigureAwait(false);
        var ended = await _processor.RunAsync(dag, run, mode, cancellationToken).ConfigureAwait(false);
        var instances = await _store.ListTaskInstancesAsync(dag.DagId, run.RunId, CancellationToken.None).ConfigureAwait(false);
        return new DagRunResult(ended, instances);
    }

    /// <summary>
    /// Runs one task for a logical date without checking its dependencies or recording its state, as <c>tasks test</c>.
    /// Its inputs come from the run for that date; its XComs are written there. Without such a run, a temporary run is
    /// created and deleted afterwards.
    /// </summary>
    /// <exception cref="DagRunInUseException">Another live process holds the run for that date; nothing was run.</exception>
    public async Task<TaskTestResult> TestTaskAsync(Dag dag, DagTask task, DateTimeOffset logicalDate, int mapIndex = -1, TextWriter? echoLogTo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dag);
        ArgumentNullException.ThrowIfNull(task);
        var owner = _claims.NewOwner();
        var runsOnDate = await _store.FindDagRunsByLogicalDateAsync(dag.DagId, logicalDate, cancellationToken).ConfigureAwait(false);
        var existing = runsOnDate.Count > 0
            ? await _claims.ClaimAsync(dag.DagId, runsOnDate[0].RunId, owner, cancellationToken).ConfigureAwait(false)
            : null;
        var run = existing ?? await CreateRunAsync(
            dag, DagRunType.Manual, dag.Timetable.InferManualDataInterval(logicalDate), logicalDate,
            "__baton_temporary_run_" + RunIds.Format(logicalDate), state: DagRunState.Running, owner: owner, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            var instance = (await _store.ListTaskInstancesAsync(dag.DagId, run.RunId, cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(t => t.TaskId == task.TaskId && t.MapIndex == mapIndex)
                ?? new TaskInstanceRecord { DagId = dag.DagId, RunId = run.RunId, TaskId = task.TaskId, MapIndex = mapIndex, MaxTries = dag.RetriesOf(task) };
            var ended = await _runner.RunAsync(dag, run, instance with { TryNumber = 0 }, new TaskRunMode(false, echoLogTo, EndRunOnCancel: true), cancellationToken).ConfigureAwait(false);
            string? json = null;
            if (ended.State == TaskInstanceState.Success && task.OutputType is not null)
            {
                var value = await _xcoms.PullAsync(new XComKey(dag.DagId, run.RunId, task.TaskId, mapIndex), typeof(System.Text.Json.JsonElement), cancellationToken).ConfigureAwait(false);
                json = value?.ToString();
            }

            return new TaskTestResult(ended, json);
        }
        finally
        {
            if (existing is null)
            {
                await DeleteHeldRunAsync(dag.DagId, run.RunId, owner, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await _claims.ReleaseAsync(dag.DagId, run.RunId, owner).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Resets matching task instances to none so they run again, deleting their XComs (and purging stored objects), and
    /// sets their runs back to queued for the scheduler; as Airflow's <c>tasks clear</c>. Runs another live process holds
    /// (it is running them) are left untouched and reported in <see cref="ClearResult.InUse"/>.
    /// </summary>
    public async Task<ClearResult> ClearAsync(Dag dag, ClearRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dag);
        ArgumentNullException.ThrowIfNull(request);
        var selected = SelectTasks(dag, request);
        var runs = await MatchingRunsAsync(dag, request, cancellationToken).ConfigureAwait(false);
        int clearedRuns = 0, clearedInstances = 0, deletedXComs = 0;
        var inUse = new List<DagRunRecord>();
        var owner = _claims.NewOwner();
        foreach (var listed in runs)
        {
            DagRunRecord? run;
            try
            {
                run = await _claims.ClaimAsync(dag.DagId, listed.RunId, owner, cancellationToken).ConfigureAwait(false);
            }
            catch (DagRunInUseException e)
            {
                inUse.Add(listed with { Owner = e.Owner });
                continue;
            }

            if (run is null)
            {
                continue;
            }

            try
            {
                if (await ClearHeldRunAsync(dag, run, selected, request.OnlyFailed, cancellationToken).ConfigureAwait(false) is { } cleared)
                {
                    clearedRuns++;
                    clearedInstances += cleared.Instances;
                    deletedXComs += cleared.XComs;
                }
            }
            finally
            {
                await _claims.ReleaseAsync(dag.DagId, run.RunId, owner).ConfigureAwait(false);
            }
        }

        return new ClearResult(clearedRuns, clearedInstances, deletedXComs) { InUse = inUse };
    }

    /// <summary>
    /// The task instances <see cref="ClearAsync"/> would reset for <paramref name="request"/>, changing nothing (a dry run);
    /// runs another process holds are listed too, though a clear would leave them.
    /// </summary>
    public async Task<IReadOnlyList<TaskInstanceRecord>> ListClearableAsync(Dag dag, ClearRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dag);
        ArgumentNullException.ThrowIfNull(request);
        var selected = SelectTasks(dag, request);
        var instances = new List<TaskInstanceRecord>();
        foreach (var run in await MatchingRunsAsync(dag, request, cancellationToken).ConfigureAwait(false))
        {
            instances.AddRange((await _store.ListTaskInstancesAsync(dag.DagId, run.RunId, cancellationToken).ConfigureAwait(false))
                .Where(t => IsCleared(dag, t, selected, request.OnlyFailed)));
        }

        return instances;
    }

    /// <summary>The tasks a clear selects: those the pattern matches, and with <see cref="ClearRequest.Downstream"/> everything downstream of them.</summary>
    private static HashSet<DagTask> SelectTasks(Dag dag, ClearRequest request)
    {
        var selected = dag.Tasks.Where(t => request.TaskIdPattern?.IsMatch(t.TaskId) ?? true).ToHashSet();
        if (request.Downstream)
        {
            var pending = new Queue<DagTask>(selected);
            while (pending.TryDequeue(out var task))
            {
                foreach (var downstream in dag.DownstreamOf(task).Where(selected.Add))
                {
                    pending.Enqueue(downstream);
                }
            }
        }

        return selected;
    }

    private async Task<List<DagRunRecord>> MatchingRunsAsync(Dag dag, ClearRequest request, CancellationToken cancellationToken)
    {
        IEnumerable<DagRunRecord> runs = request.RunId is { } runId
            ? await _store.GetDagRunAsync(dag.DagId, runId, cancellationToken).ConfigureAwait(false) is { } one ? [one] : []
            : await _store.ListDagRunsAsync(dag.DagId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return runs.Where(r => (request.StartDate is null || r.LogicalDate >= request.StartDate)
                               && (request.EndDate is null || r.LogicalDate <= request.EndDate)).ToList();
    }

    private static bool IsCleared(Dag dag, TaskInstanceRecord instance, HashSet<DagTask> selected, bool onlyFailed) =>
        dag.FindTask(instance.TaskId) is { } task && selected.Contains(task)
        && (!onlyFailed || instance.State is TaskInstanceState.Failed or TaskInstanceState.UpstreamFailed);

    /// <summary>Resets the selected task instances of a run this process holds and sets it back to queued; null when none matched.</summary>
    private async Task<(int Instances, int XComs)?> ClearHeldRunAsync(Dag dag, DagRunRecord run, HashSet<DagTask> selected, bool onlyFailed, CancellationToken cancellationToken)
    {
        var instances = await _store.ListTaskInstancesAsync(dag.DagId, run.RunId, cancellationToken).ConfigureAwait(false);
        var toClear = instances
            .Where(t => IsCleared(dag, t, selected, onlyFailed))
            .GroupBy(t => t.TaskId)
            .ToList();
        if (toClear.Count == 0)
        {
            return null;
        }

        int clearedInstances = 0, deletedXComs = 0;
        foreach (var group in toClear)
        {
            deletedXComs += await _xcoms.DeleteAsync(new XComFilter { DagId = dag.DagId, RunId = run.RunId, TaskId = group.Key }, cancellationToken).ConfigureAwait(false);
            await _store.ResetTaskAsync(dag.DagId, run.RunId, group.Key, dag.RetriesOf(dag.FindTask(group.Key)!), cancellationToken).ConfigureAwait(false);
            clearedInstances += group.Count();
        }

        await _store.UpdateDagRunAsync(run with { State = DagRunState.Queued, EndDate = null }, cancellationToken).ConfigureAwait(false);
        return (clearedInstances, deletedXComs);
    }

    /// <summary>
    /// Deletes the runs whose logical date is before <paramref name="before"/> with their task instances and XComs (objects
    /// purged); runs another live process holds are left untouched and reported.
    /// </summary>
    public async Task<RunsDeleted> DeleteRunsBeforeAsync(
        DateTimeOffset before, string? dagId = null, bool dryRun = false, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        var runs = await _store.ListDagRunsBeforeAsync(before, dagId, cancellationToken).ConfigureAwait(false);
        if (dryRun)
        {
            return new RunsDeleted([.. runs.Where(r => !DagRunClaims.IsHeldByOther(r))], [.. runs.Where(r => DagRunClaims.IsHeldByOther(r))]);
        }

        var deleted = new List<DagRunRecord>();
        var inUse = new List<DagRunRecord>();
        foreach (var run in runs)
        {
            try
            {
                if (await DeleteRunAsync(run.DagId, run.RunId, cancellationToken).ConfigureAwait(false))
                {
                    deleted.Add(run);
                }
            }
            catch (DagRunInUseException e)
            {
                inUse.Add(run with { Owner = e.Owner });
            }

            progress?.Report((deleted.Count + inUse.Count, runs.Count));
        }

        return new RunsDeleted(deleted, inUse);
    }

    /// <summary>
    /// Marks task instances of a run success or failed, as Airflow's "mark success/failed": one instance
    /// (<paramref name="taskId"/>, <paramref name="mapIndex"/>), or with <paramref name="taskId"/> null the run itself
    /// (success: every instance not skipped becomes success; failed: every instance that had not finished fails). A run whose instances have all finished takes the state they
    /// add up to (failed when any failed); one with instances left stays as it is, for the scheduler to go on from.
    /// </summary>
    /// <returns>How many task instances changed state; null when there is no such run or task instance.</returns>
    /// <exception cref="DagRunInUseException">Another live process holds the run (it is running it); nothing changed.</exception>
    public async Task<int?> MarkAsync(Dag dag, string runId, string? taskId, int mapIndex, TaskInstanceState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dag);
        if (state is not (TaskInstanceState.Success or TaskInstanceState.Failed))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "only success or failed can be marked");
        }

        var owner = _claims.NewOwner();
        var run = await _claims.ClaimAsync(dag.DagId, runId, owner, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return null;
        }

        try
        {
            var instances = await _store.ListTaskInstancesAsync(dag.DagId, runId, cancellationToken).ConfigureAwait(false);
            var now = _timeProvider.GetUtcNow();
            // As Airflow: a run marked success has every instance success; one marked failed fails the instances that had not finished.
            var selected = taskId is null
                ? instances.Where(t => state == TaskInstanceState.Success
                    ? t.State is not (TaskInstanceState.Success or TaskInstanceState.Skipped)
                    : t.State is not (TaskInstanceState.Success or TaskInstanceState.Failed or TaskInstanceState.Skipped or TaskInstanceState.UpstreamFailed)).ToList()
                : instances.Where(t => t.TaskId == taskId && t.MapIndex == mapIndex).ToList();
            if (taskId is not null && selected.Count == 0)
            {
                return null;
            }

            foreach (var instance in selected.Where(t => t.State != state))
            {
                await _store.UpdateTaskInstanceAsync(instance with
                {
                    State = state, StartDate = instance.StartDate ?? now, EndDate = now, NextRetryAt = null,
                    Error = state == TaskInstanceState.Failed ? "marked failed by hand" : instance.Error,
                }, cancellationToken).ConfigureAwait(false);
            }

            var after = await _store.ListTaskInstancesAsync(dag.DagId, runId, cancellationToken).ConfigureAwait(false);
            var finished = after.All(t => t.State is TaskInstanceState.Success or TaskInstanceState.Failed or TaskInstanceState.Skipped or TaskInstanceState.UpstreamFailed);
            if (taskId is null || finished)
            {
                var runState = taskId is null ? (state == TaskInstanceState.Success ? DagRunState.Success : DagRunState.Failed)
                    : after.Any(t => t.State is TaskInstanceState.Failed or TaskInstanceState.UpstreamFailed) ? DagRunState.Failed : DagRunState.Success;
                await _store.UpdateDagRunAsync(run with { State = runState, StartDate = run.StartDate ?? now, EndDate = now }, cancellationToken).ConfigureAwait(false);
            }

            return selected.Count(t => t.State != state);
        }
        finally
        {
            await _claims.ReleaseAsync(dag.DagId, runId, owner).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes a run, its task instances and its XComs (purging their stored objects); false when there was no such run.</summary>
    /// <exception cref="DagRunInUseException">Another live process holds the run; nothing was deleted.</exception>
    public async Task<bool> DeleteRunAsync(string dagId, string runId, CancellationToken cancellationToken = default)
    {
        var owner = _claims.NewOwner();
        if (await _claims.ClaimAsync(dagId, runId, owner, cancellationToken).ConfigureAwait(false) is null)
        {
            return false;
        }

        await DeleteHeldRunAsync(dagId, runId, owner, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Deletes a run this process holds; if that fails part-way, the run is let go so it does not stay held.</summary>
    private async Task DeleteHeldRunAsync(string dagId, string runId, DagRunOwner owner, CancellationToken cancellationToken)
    {
        var deleted = false;
        try
        {
            await _xcoms.DeleteAsync(new XComFilter { DagId = dagId, RunId = runId }, cancellationToken).ConfigureAwait(false);
            deleted = await _store.DeleteDagRunAsync(dagId, runId, owner.Token, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!deleted)
            {
                await _claims.ReleaseAsync(dagId, runId, owner).ConfigureAwait(false);
            }
        }
    }
}
