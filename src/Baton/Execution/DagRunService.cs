using System.Text.Json.Nodes;
using Baton.Dags;
using Baton.Metadata;
using Baton.Scheduling;
using Baton.XComs;

namespace Baton.Execution;

/// <summary>Creates, runs and deletes DAG runs: what <c>dags test</c>, <c>dags trigger</c>, <c>dags backfill</c> and the scheduler share.</summary>
public sealed class DagRunService
{
    private readonly IMetadataStore _store;
    private readonly XComService _xcoms;
    private readonly DagRunProcessor _processor;
    private readonly TaskInstanceRunner _runner;
    private readonly TimeProvider _timeProvider;

    internal DagRunService(IMetadataStore store, XComService xcoms, DagRunProcessor processor, TaskInstanceRunner runner, TimeProvider timeProvider)
    {
        _store = store;
        _xcoms = xcoms;
        _processor = processor;
        _runner = runner;
        _timeProvider = timeProvider;
    }

    /// <summary>Creates a run and its task instances (state none).</summary>
    /// <exception cref="ArgumentException">The run id breaks the rule in <see cref="RunIds.Rule"/>.</exception>
    /// <exception cref="DagRunExistsException">The DAG already has a run with that id.</exception>
    public async Task<DagRunRecord> CreateRunAsync(
        Dag dag, DagRunType runType, DataInterval dataInterval, DateTimeOffset logicalDate, string? runId = null, JsonObject? conf = null,
        DagRunState state = DagRunState.Queued, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dag);
        runId ??= RunIds.Generate(runType, logicalDate);
        if (!RunIds.IsValid(runId))
        {
            throw new ArgumentException($"invalid run id '{runId}': {RunIds.Rule}", nameof(runId));
        }

        var run = new DagRunRecord
        {
            DagId = dag.DagId, RunId = runId, RunType = runType, LogicalDate = logicalDate, DataIntervalStart = dataInterval.Start,
            DataIntervalEnd = dataInterval.End, State = state, Conf = conf?.ToJsonString(), QueuedAt = _timeProvider.GetUtcNow(),
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
        return CreateRunAsync(dag, DagRunType.Manual, dag.Timetable.InferManualDataInterval(date), date, runId, conf, DagRunState.Queued, cancellationToken);
    }

    /// <summary>
    /// Runs the whole DAG in this process for one logical date, as <c>dags test</c>: an earlier run with the same id is
    /// deleted first (its XComs purged); the new run is recorded like any other.
    /// </summary>
    public async Task<DagRunResult> TestAsync(Dag dag, DateTimeOffset logicalDate, TextWriter? echoLogTo = null, JsonObject? conf = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dag);
        var runId = RunIds.Generate(DagRunType.Manual, logicalDate);
        await DeleteRunAsync(dag.DagId, runId, cancellationToken).ConfigureAwait(false);
        var run = await CreateRunAsync(dag, DagRunType.Manual, dag.Timetable.InferManualDataInterval(logicalDate), logicalDate, runId, conf, DagRunState.Queued, cancellationToken).ConfigureAwait(false);
        return await RunAsync(dag, run, echoLogTo, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs an existing run's remaining task instances in this process.</summary>
    public async Task<DagRunResult> RunAsync(Dag dag, DagRunRecord run, TextWriter? echoLogTo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dag);
        ArgumentNullException.ThrowIfNull(run);
        var ended = await _processor.RunAsync(dag, run, new TaskRunMode(true, echoLogTo), cancellationToken).ConfigureAwait(false);
        var instances = await _store.ListTaskInstancesAsync(dag.DagId, run.RunId, cancellationToken).ConfigureAwait(false);
        return new DagRunResult(ended, instances);
    }

    /// <summary>
    /// Creates a backfill run for every interval whose start lies in <c>[start, end]</c> (skipping dates that already have a
    /// run) and runs them in this process, at most the DAG's <see cref="DagSpec.MaxActiveRuns"/> at once.
    /// </summary>
    public async Task<IReadOnlyList<DagRunResult>> BackfillAsync(Dag dag, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dag);
        var runs = new List<DagRunRecord>();
        var intervals = dag.Timetable.CanBeScheduled
            ? dag.Timetable.IntervalsBetween(start, end)
            : [new DataInterval(start, start)];
        foreach (var interval in intervals)
        {
            var existing = await _store.FindDagRunsByLogicalDateAsync(dag.DagId, interval.Start, cancellationToken).ConfigureAwait(false);
            if (existing.Count > 0)
            {
                continue;
            }

            runs.Add(await CreateRunAsync(dag, DagRunType.Backfill, interval, interval.Start, cancellationToken: cancellationToken).ConfigureAwait(false));
        }

        var results = new DagRunResult[runs.Count];
        await Parallel.ForAsync(0, runs.Count, new ParallelOptions { MaxDegreeOfParallelism = dag.Spec.MaxActiveRuns, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await RunAsync(dag, runs[i], null, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    /// <summary>
    /// Runs one task for a logical date without checking its dependencies or recording its state, as <c>tasks test</c>.
    /// Its inputs come from the run for that date; its XComs are written there. Without such a run, a temporary run is
    /// created and deleted afterwards.
    /// </summary>
    public async Task<TaskTestResult> TestTaskAsync(Dag dag, DagTask task, DateTimeOffset logicalDate, int mapIndex = -1, TextWriter? echoLogTo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dag);
        ArgumentNullException.ThrowIfNull(task);
        var runsOnDate = await _store.FindDagRunsByLogicalDateAsync(dag.DagId, logicalDate, cancellationToken).ConfigureAwait(false);
        var existing = runsOnDate.Count > 0 ? runsOnDate[0] : null;
        var run = existing ?? await CreateRunAsync(
            dag, DagRunType.Manual, dag.Timetable.InferManualDataInterval(logicalDate), logicalDate,
            "__baton_temporary_run_" + RunIds.Format(logicalDate), state: DagRunState.Running, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            var instance = (await _store.ListTaskInstancesAsync(dag.DagId, run.RunId, cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(t => t.TaskId == task.TaskId && t.MapIndex == mapIndex)
                ?? new TaskInstanceRecord { DagId = dag.DagId, RunId = run.RunId, TaskId = task.TaskId, MapIndex = mapIndex, MaxTries = dag.RetriesOf(task) };
            var ended = await _runner.RunAsync(dag, run, instance with { TryNumber = 0 }, new TaskRunMode(false, echoLogTo), cancellationToken).ConfigureAwait(false);
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
                await DeleteRunAsync(dag.DagId, run.RunId, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Resets matching task instances to none so they run again, deleting their XComs (and purging stored objects), and
    /// sets their runs back to queued for the scheduler; as Airflow's <c>tasks clear</c>.
    /// </summary>
    public async Task<ClearResult> ClearAsync(Dag dag, ClearRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dag);
        ArgumentNullException.ThrowIfNull(request);
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

        var runs = (await _store.ListDagRunsAsync(dag.DagId, cancellationToken: cancellationToken).ConfigureAwait(false))
            .Where(r => (request.RunId is null || r.RunId == request.RunId)
                        && (request.StartDate is null || r.LogicalDate >= request.StartDate)
                        && (request.EndDate is null || r.LogicalDate <= request.EndDate));
        int clearedRuns = 0, clearedInstances = 0, deletedXComs = 0;
        foreach (var run in runs)
        {
            var instances = await _store.ListTaskInstancesAsync(dag.DagId, run.RunId, cancellationToken).ConfigureAwait(false);
            var toClear = instances
                .Where(t => dag.FindTask(t.TaskId) is { } task && selected.Contains(task))
                .Where(t => !request.OnlyFailed || t.State is TaskInstanceState.Failed or TaskInstanceState.UpstreamFailed)
                .GroupBy(t => t.TaskId)
                .ToList();
            if (toClear.Count == 0)
            {
                continue;
            }

            foreach (var group in toClear)
            {
                deletedXComs += await _xcoms.DeleteAsync(new XComFilter { DagId = dag.DagId, RunId = run.RunId, TaskId = group.Key }, cancellationToken).ConfigureAwait(false);
                await _store.ResetTaskAsync(dag.DagId, run.RunId, group.Key, dag.RetriesOf(dag.FindTask(group.Key)!), cancellationToken).ConfigureAwait(false);
                clearedInstances += group.Count();
            }

            await _store.UpdateDagRunAsync(run with { State = DagRunState.Queued, EndDate = null }, cancellationToken).ConfigureAwait(false);
            clearedRuns++;
        }

        return new ClearResult(clearedRuns, clearedInstances, deletedXComs);
    }

    /// <summary>Deletes the runs whose logical date is before <paramref name="before"/> with their task instances and XComs (objects purged); returns them.</summary>
    public async Task<IReadOnlyList<DagRunRecord>> DeleteRunsBeforeAsync(DateTimeOffset before, string? dagId = null, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        var runs = await _store.ListDagRunsBeforeAsync(before, dagId, cancellationToken).ConfigureAwait(false);
        if (!dryRun)
        {
            foreach (var run in runs)
            {
                await DeleteRunAsync(run.DagId, run.RunId, cancellationToken).ConfigureAwait(false);
            }
        }

        return runs;
    }

    /// <summary>Deletes a run, its task instances and its XComs (purging their stored objects); false when there was no such run.</summary>
    public async Task<bool> DeleteRunAsync(string dagId, string runId, CancellationToken cancellationToken = default)
    {
        await _xcoms.DeleteAsync(new XComFilter { DagId = dagId, RunId = runId }, cancellationToken).ConfigureAwait(false);
        return await _store.DeleteDagRunAsync(dagId, runId, cancellationToken).ConfigureAwait(false);
    }
}
