using System.Diagnostics;
using System.Threading.Channels;
using Baton.Dags;
using Baton.Metadata;
using Baton.Runs;
using Baton.Telemetry;
using Microsoft.Extensions.Logging;

namespace Baton.Execution;

/// <summary>
/// Drives one DAG run to its end: decides which task instances are ready (each task's <see cref="TriggerRule"/>), propagates
/// <c>upstream_failed</c> and <c>skipped</c>, expands mapped tasks, hands ready instances to the executor, waits for retries,
/// and records the run's final state. It reacts to each finished instance at once, so a downstream task starts as soon
/// as its last upstream ends.
/// </summary>
internal sealed class DagRunProcessor
{
    private readonly IMetadataStore _store;
    private readonly TaskInstanceRunner _runner;
    private readonly LocalExecutor _executor;
    private readonly RunRecorder _recorder;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DagRunProcessor> _logger;

    public DagRunProcessor(IMetadataStore store, TaskInstanceRunner runner, LocalExecutor executor, RunRecorder recorder, TimeProvider timeProvider, ILogger<DagRunProcessor> logger)
    {
        _store = store;
        _runner = runner;
        _executor = executor;
        _recorder = recorder;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Runs the run's remaining task instances and returns the run in its final state.</summary>
    /// <remarks>
    /// Every started try reports back, however it ends, so the run always ends. When the metadata database cannot
    /// record a state (a full disk), no further task starts, the tries in flight end, the run is recorded failed if
    /// the database still can, and <see cref="RunNotRecordedException"/> says what could not be written and why.
    /// When <paramref name="cancellationToken"/> is cancelled, the tries in flight are stopped; with
    /// <see cref="TaskRunMode.EndRunOnCancel"/> the run then ends failed (tries not started: skipped), otherwise it stays
    /// running for the next scheduler and <see cref="OperationCanceledException"/> is thrown.
    /// </remarks>
    /// <exception cref="RunNotRecordedException">A state could not be written to the metadata database.</exception>
    public async Task<DagRunRecord> RunAsync(Dag dag, DagRunRecord run, TaskRunMode mode, CancellationToken cancellationToken)
    {
        // The run's span is the current activity while it runs, so the tries it starts (on the executor) are its children.
        using var span = DagRunTelemetry.Start(run);
        try
        {
            return await DriveAsync(dag, run, mode, span, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            DagRunTelemetry.Failed(span, e);
            throw;
        }
    }

    private async Task<DagRunRecord> DriveAsync(Dag dag, DagRunRecord run, TaskRunMode mode, Activity? span, CancellationToken cancellationToken)
    {
        run = run with { State = DagRunState.Running, StartDate = run.StartDate ?? _timeProvider.GetUtcNow(), EndDate = null };
        await _recorder.UpdateDagRunAsync(run).ConfigureAwait(false);

        var instances = new RunInstances(await _store.ListTaskInstancesAsync(dag.DagId, run.RunId, CancellationToken.None).ConfigureAwait(false));
        var completions = Channel.CreateUnbounded<Completion>();
        var inFlight = new List<Task>();
        var running = 0;
        var dirty = new DirtyTasks(dag);
        Exception? broken = null;

        void Ended(Completion completion)
        {
            running--;
            instances.Set(completion.Instance);
            dirty.MarkWithDownstream(completion.Instance.TaskId);
            broken ??= completion.Failure;
        }

        while (true)
        {
            if (broken is null && !cancellationToken.IsCancellationRequested)
            {
                try
                {
                    foreach (var ready in await AdvanceAsync(dag, run, instances, dirty, cancellationToken).ConfigureAwait(false))
                    {
                        instances.Set(ready with { State = TaskInstanceState.Queued });
                        running++;
                        inFlight.Add(RunOneAsync(dag, run, ready, mode, completions.Writer, cancellationToken));
                    }
                }
                catch (RunNotRecordedException e)
                {
                    broken = e;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Stopped while deciding what runs next; what is in flight still reports back below.
                }
            }

            if (running == 0)
            {
                if (cancellationToken.IsCancellationRequested || broken is not null)
                {
                    break;
                }

                var nextRetry = instances.All.Where(t => t.State == TaskInstanceState.UpForRetry).Min(t => t.NextRetryAt);
                if (nextRetry is null)
                {
                    break;
                }

                var wait = nextRetry.Value - _timeProvider.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        continue;
                    }
                }

                dirty.MarkAll();
                continue;
            }

            Ended(await completions.Reader.ReadAsync(CancellationToken.None).ConfigureAwait(false));
            while (completions.Reader.TryRead(out var more))
            {
                Ended(more);
            }
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);

        if (broken is not null)
        {
            var recorded = await TryRecordStoppedAsync(run).ConfigureAwait(false);
            throw new RunNotRecordedException(
                $"{broken.Message}; the run was stopped" + (recorded ? " and recorded failed" : " (the process that next takes the run over ends what this one left running)"),
                broken);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            if (!mode.EndRunOnCancel)
            {
                // Stopped by shutdown: the run stays running, and the next scheduler resumes it.
                cancellationToken.ThrowIfCancellationRequested();
            }

            var stopped = await EndCancelledAsync(dag, run, instances, mode).ConfigureAwait(false);
            DagRunTelemetry.Ended(span, stopped, instances.All);
            return stopped;
        }

        var succeeded = instances.All.All(t => t.State is TaskInstanceState.Success or TaskInstanceState.Skipped);
        run = run with { State = succeeded ? DagRunState.Success : DagRunState.Failed, EndDate = _timeProvider.GetUtcNow() };
        await _recorder.UpdateDagRunAsync(run).ConfigureAwait(false);
        _logger.LogInformation("DAG run {DagId} {RunId} ended {State}", dag.DagId, run.RunId, StateNames.Of(run.State));
        DagRunTelemetry.Ended(span, run, instances.All);
        return run;
    }

    /// <summary>
    /// Ends a run a user stopped, as Airflow marks a run failed: the tries that were running were recorded failed by the
    /// runner, the instances that had not run (or were waiting for a retry) become skipped with the same reason, and the
    /// run fails.
    /// </summary>
    private async Task<DagRunRecord> EndCancelledAsync(Dag dag, DagRunRecord run, RunInstances instances, TaskRunMode mode)
    {
        var now = _timeProvider.GetUtcNow();
        foreach (var instance in instances.All.Where(t => t.State is TaskInstanceState.None or TaskInstanceState.Scheduled or TaskInstanceState.Queued or TaskInstanceState.UpForRetry).ToList())
        {
            var skipped = instance with { State = TaskInstanceState.Skipped, StartDate = instance.StartDate ?? now, EndDate = now, NextRetryAt = null, Error = mode.CancelReason };
            instances.Set(skipped);
            await _recorder.UpdateTaskInstanceAsync(skipped).ConfigureAwait(false);
        }

        run = run with { State = DagRunState.Failed, EndDate = now };
        await _recorder.UpdateDagRunAsync(run).ConfigureAwait(false);
        _logger.LogInformation("DAG run {DagId} {RunId} ended {State} ({Reason})", dag.DagId, run.RunId, StateNames.Of(run.State), mode.CancelReason);
        return run;
    }

    /// <summary>Records the run failed after a state could not be written, if the database takes that write at least.</summary>
    private async Task<bool> TryRecordStoppedAsync(DagRunRecord run)
    {
        try
        {
            await _recorder.UpdateDagRunAsync(run with { State = DagRunState.Failed, EndDate = _timeProvider.GetUtcNow() }).ConfigureAwait(false);
            return true;
        }
        catch (RunNotRecordedException)
        {
            // The database refuses this write too; the caller says so with the first failure.
            return false;
        }
    }

    /// <summary>Runs one try and reports how it ended; it always reports, so the run never waits for a try that is gone.</summary>
    private async Task RunOneAsync(Dag dag, DagRunRecord run, TaskInstanceRecord instance, TaskRunMode mode, ChannelWriter<Completion> completions, CancellationToken cancellationToken)
    {
        Completion completion;
        var queued = ExecutorTelemetry.Enqueued(dag.DagId);
        var started = false;
        try
        {
            completion = new(await _executor.RunAsync(
                () =>
                {
                    started = true;
                    ExecutorTelemetry.Dequeued(dag.DagId, queued);
                    return _runner.RunAsync(dag, run, instance, mode, cancellationToken);
                },
                cancellationToken).ConfigureAwait(false), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled while waiting for a slot: it never started, so it goes back to waiting.
            completion = new(instance, null);
        }
        catch (RunNotRecordedException e)
        {
            completion = new(instance with { State = TaskInstanceState.Failed, Error = e.Message }, e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Not the task's failure (the runner records those): the run cannot trust what follows, so it stops, saying why.
            var reason = new RunNotRecordedException($"Task '{instance.TaskId}' of run '{run.RunId}' of DAG '{dag.DagId}' could not be run: {e.GetType().Name}: {WriteFailures.OneLine(e.Message)}", e);
            completion = new(instance with { State = TaskInstanceState.Failed, Error = reason.Message }, reason);
        }
        finally
        {
            if (!started)
            {
                ExecutorTelemetry.Dequeued(dag.DagId, queued);
            }
        }

        completions.TryWrite(completion);
    }

    /// <summary>How a try ended, and the failure that stops the run, if any.</summary>
    private sealed record Completion(TaskInstanceRecord Instance, Exception? Failure);

    /// <summary>
    /// Applies the trigger rule to every waiting instance, writing the states that follow from finished upstream tasks,
    /// and returns the instances that may start now.
    /// </summary>
    private async Task<List<TaskInstanceRecord>> AdvanceAsync(Dag dag, DagRunRecord run, RunInstances instances, DirtyTasks dirty, CancellationToken cancellationToken)
    {
        var ready = new List<TaskInstanceRecord>();
        var now = _timeProvider.GetUtcNow();
        while (dirty.TryTakeNext(out var task))
        {
            var own = instances.Of(task.TaskId).ToList();
            foreach (var instance in own)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return ready;
                }

                if (instance.State == TaskInstanceState.UpForRetry)
                {
                    if (instance.NextRetryAt is not { } at || at <= now)
                    {
                        ready.Add(instance);
                    }

                    continue;
                }

                if (instance.State is not (TaskInstanceState.None or TaskInstanceState.Scheduled))
                {
                    continue;
                }

                var decision = Decide(task, instances);
                if (decision == Decision.Wait)
                {
                    continue;
                }

                if (decision is Decision.UpstreamFailed or Decision.Skip)
                {
                    var state = decision == Decision.UpstreamFailed ? TaskInstanceState.UpstreamFailed : TaskInstanceState.Skipped;
                    var settled = instance with { State = state, StartDate = now, EndDate = now };
                    instances.Set(settled);
                    await _recorder.UpdateTaskInstanceAsync(settled).ConfigureAwait(false);
                    dirty.MarkDownstream(task);
                    continue;
                }

                if (task.IsMapped && instance.MapIndex < 0)
                {
                    ready.AddRange(await ExpandAsync(dag, run, task, instance, instances, cancellationToken).ConfigureAwait(false));
                    dirty.MarkDownstream(task);
                    continue;
                }

                ready.Add(instance);
            }
        }

        return ready;
    }

    private async Task<IEnumerable<TaskInstanceRecord>> ExpandAsync(Dag dag, DagRunRecord run, DagTask task, TaskInstanceRecord placeholder, RunInstances instances, CancellationToken cancellationToken)
    {
        var input = task.Inputs.First(i => i.MapOver);
        var now = _timeProvider.GetUtcNow();
        int count;
        try
        {
            var upstreamInstances = instances.Of(input.Upstream.TaskId);
            count = await _runner.CountMapItemsAsync(dag.DagId, run.RunId, input, upstreamInstances, cancellationToken).ConfigureAwait(false);
        }
        catch (BatonException e)
        {
            var failed = placeholder with { State = TaskInstanceState.Failed, StartDate = now, EndDate = now, Error = $"cannot expand: {e.Message}" };
            instances.Set(failed);
            await _recorder.UpdateTaskInstanceAsync(failed).ConfigureAwait(false);
            return [];
        }

        if (count == 0)
        {
            var skipped = placeholder with { State = TaskInstanceState.Skipped, StartDate = now, EndDate = now };
            instances.Set(skipped);
            await _recorder.UpdateTaskInstanceAsync(skipped).ConfigureAwait(false);
            return [];
        }

        await _recorder.WriteAsync(
            () => _store.ExpandMappedTaskAsync(dag.DagId, run.RunId, task.TaskId, count, dag.RetriesOf(task), CancellationToken.None),
            $"The {count} instances of mapped task '{task.TaskId}' of run '{run.RunId}' of DAG '{dag.DagId}'").ConfigureAwait(false);
        instances.Remove(placeholder.TaskId, placeholder.MapIndex);
        var expanded = Enumerable.Range(0, count)
            .Select(i => new TaskInstanceRecord { DagId = dag.DagId, RunId = run.RunId, TaskId = task.TaskId, MapIndex = i, MaxTries = dag.RetriesOf(task) })
            .ToList();
        foreach (var instance in expanded)
        {
            instances.Set(instance);
        }

        return expanded;
    }

    /// <summary>What the task's trigger rule makes of its upstream instances' states now.</summary>
    private static Decision Decide(DagTask task, RunInstances instances)
    {
        int succeeded = 0, failed = 0, skipped = 0, pending = 0;
        foreach (var upstream in task.Upstream)
        {
            foreach (var instance in instances.Of(upstream.TaskId))
            {
                switch (instance.State)
                {
                    case TaskInstanceState.Success:
                        succeeded++;
                        break;
                    case TaskInstanceState.Failed or TaskInstanceState.UpstreamFailed:
                        failed++;
                        break;
                    case TaskInstanceState.Skipped:
                        skipped++;
                        break;
                    default:
                        pending++;
                        break;
                }
            }
        }

        if (succeeded + failed + skipped + pending == 0)
        {
            return Decision.Run;
        }

        var done = pending == 0;
        return task.TriggerRule switch
        {
            TriggerRule.AllSuccess => failed > 0 ? Decision.UpstreamFailed : !done ? Decision.Wait : skipped > 0 ? Decision.Skip : Decision.Run,
            TriggerRule.AllFailed => succeeded + skipped > 0 ? Decision.Skip : done ? Decision.Run : Decision.Wait,
            TriggerRule.AllDone => done ? Decision.Run : Decision.Wait,
            TriggerRule.AllSkipped => succeeded + failed > 0 ? Decision.Skip : done ? Decision.Run : Decision.Wait,
            TriggerRule.OneSuccess => succeeded > 0 ? Decision.Run : !done ? Decision.Wait : failed > 0 ? Decision.UpstreamFailed : Decision.Skip,
            TriggerRule.OneFailed => failed > 0 ? Decision.Run : done ? Decision.Skip : Decision.Wait,
            TriggerRule.OneDone => succeeded + failed > 0 ? Decision.Run : done ? Decision.Skip : Decision.Wait,
            TriggerRule.NoneFailed => failed > 0 ? Decision.UpstreamFailed : done ? Decision.Run : Decision.Wait,
            TriggerRule.NoneFailedMinOneSuccess => failed > 0 ? Decision.UpstreamFailed : !done ? Decision.Wait : succeeded > 0 ? Decision.Run : Decision.Skip,
            TriggerRule.NoneSkipped => skipped > 0 ? Decision.Skip : done ? Decision.Run : Decision.Wait,
            TriggerRule.Always => Decision.Run,
            _ => throw new InvalidOperationException($"unknown trigger rule {task.TriggerRule}"),
        };
    }

    /// <summary>
    /// The tasks whose instances may have changed what they can do: at first all, then only a finished task and its
    /// downstream tasks, so each completion costs work in proportion to its neighbours, not to the DAG's size.
    /// </summary>
    private sealed class DirtyTasks
    {
        private readonly Dag _dag;
        private readonly Dictionary<string, int> _order;
        private readonly SortedSet<int> _marked = [];

        public DirtyTasks(Dag dag)
        {
            _dag = dag;
            _order = dag.Tasks.Select((t, i) => (t.TaskId, i)).ToDictionary(x => x.TaskId, x => x.i, StringComparer.Ordinal);
            MarkAll();
        }

        public void MarkAll() => _marked.UnionWith(Enumerable.Range(0, _dag.Tasks.Count));

        public void MarkWithDownstream(string taskId)
        {
            var task = _dag.Tasks[_order[taskId]];
            _marked.Add(_order[taskId]);
            MarkDownstream(task);
        }

        public void MarkDownstream(DagTask task)
        {
            foreach (var downstream in _dag.DownstreamOf(task))
            {
                _marked.Add(_order[downstream.TaskId]);
            }
        }

        // Topological order: a task settled now marks its downstream tasks, which come later in this same pass.
        public bool TryTakeNext([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DagTask? task)
        {
            if (_marked.Count == 0)
            {
                task = null;
                return false;
            }

            var next = _marked.Min;
            _marked.Remove(next);
            task = _dag.Tasks[next];
            return true;
        }
    }

    private enum Decision
    {
        Wait,
        Run,
        Skip,
        UpstreamFailed,
    }
}
