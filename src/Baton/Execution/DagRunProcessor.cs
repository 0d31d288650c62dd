using System.Threading.Channels;
using Baton.Dags;
using Baton.Metadata;
using Baton.Runs;
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
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DagRunProcessor> _logger;

    public DagRunProcessor(IMetadataStore store, TaskInstanceRunner runner, LocalExecutor executor, TimeProvider timeProvider, ILogger<DagRunProcessor> logger)
    {
        _store = store;
        _runner = runner;
        _executor = executor;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Runs the run's remaining task instances and returns the run in its final state.</summary>
    public async Task<DagRunRecord> RunAsync(Dag dag, DagRunRecord run, TaskRunMode mode, CancellationToken cancellationToken)
    {
        run = run with { State = DagRunState.Running, StartDate = run.StartDate ?? _timeProvider.GetUtcNow(), EndDate = null };
        await _store.UpdateDagRunAsync(run, cancellationToken).ConfigureAwait(false);

        var instances = new RunInstances(await _store.ListTaskInstancesAsync(dag.DagId, run.RunId, cancellationToken).ConfigureAwait(false));
        var completions = Channel.CreateUnbounded<TaskInstanceRecord>();
        var inFlight = new List<Task>();
        var running = 0;
        var dirty = new DirtyTasks(dag);

        while (true)
        {
            foreach (var ready in await AdvanceAsync(dag, run, instances, dirty, cancellationToken).ConfigureAwait(false))
            {
                instances.Set(ready with { State = TaskInstanceState.Queued });
                running++;
                inFlight.Add(RunOneAsync(dag, run, ready, mode, completions.Writer, cancellationToken));
            }

            if (running == 0)
            {
                if (cancellationToken.IsCancellationRequested)
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
                    await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
                }

                dirty.MarkAll();
                continue;
            }

            var ended = await completions.Reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            running--;
            instances.Set(ended);
            dirty.MarkWithDownstream(ended.TaskId);
            while (completions.Reader.TryRead(out var more))
            {
                running--;
                instances.Set(more);
                dirty.MarkWithDownstream(more.TaskId);
            }
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);

        // Stopped by shutdown: the run stays running, and the next scheduler resumes it.
        cancellationToken.ThrowIfCancellationRequested();
        var succeeded = instances.All.All(t => t.State is TaskInstanceState.Success or TaskInstanceState.Skipped);
        run = run with { State = succeeded ? DagRunState.Success : DagRunState.Failed, EndDate = _timeProvider.GetUtcNow() };
        await _store.UpdateDagRunAsync(run, CancellationToken.None).ConfigureAwait(false);
        _logger.LogInformation("DAG run {DagId} {RunId} ended {State}", dag.DagId, run.RunId, StateNames.Of(run.State));
        return run;
    }

    private async Task RunOneAsync(Dag dag, DagRunRecord run, TaskInstanceRecord instance, TaskRunMode mode, ChannelWriter<TaskInstanceRecord> completions, CancellationToken cancellationToken)
    {
        TaskInstanceRecord ended;
        try
        {
            ended = await _executor.RunAsync(() => _runner.RunAsync(dag, run, instance, mode, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled while waiting for a slot: it never started, so it goes back to waiting.
            ended = instance;
        }

        completions.TryWrite(ended);
    }

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
                    await _store.UpdateTaskInstanceAsync(settled, cancellationToken).ConfigureAwait(false);
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
            await _store.UpdateTaskInstanceAsync(failed, cancellationToken).ConfigureAwait(false);
            return [];
        }

        if (count == 0)
        {
            var skipped = placeholder with { State = TaskInstanceState.Skipped, StartDate = now, EndDate = now };
            instances.Set(skipped);
            await _store.UpdateTaskInstanceAsync(skipped, cancellationToken).ConfigureAwait(false);
            return [];
        }

        await _store.ExpandMappedTaskAsync(dag.DagId, run.RunId, task.TaskId, count, dag.RetriesOf(task), cancellationToken).ConfigureAwait(false);
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
