using System.Collections;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Baton.Configuration;
using Baton.Dags;
using Baton.Logging;
using Baton.Metadata;
using Baton.Runs;
using Baton.Scheduling;
using Baton.Serialization;
using Baton.Tasks;
using Baton.Telemetry;
using Baton.XComs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.Execution;

/// <summary>
/// Runs one try of one task instance: marks it running, clears its earlier XComs, resolves its inputs, calls it under its
/// timeout, pushes its return value, and records success, retry or failure, with the try's log in its own file.
/// </summary>
internal sealed class TaskInstanceRunner
{
    /// <summary>
    /// How long a cancelled try's code may take to stop (to run its <c>finally</c> blocks) before the runner leaves it
    /// behind; as Airflow's <c>killed_task_cleanup_time</c>, shorter. A second Ctrl+C stops the process at once.
    /// </summary>
    internal static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(10);

    private readonly IMetadataStore _store;
    private readonly XComService _xcoms;
    private readonly IServiceProvider _services;
    private readonly BatonPaths _paths;
    private readonly RunRecorder _recorder;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TaskInstanceRunner> _logger;

    public TaskInstanceRunner(
        IMetadataStore store, XComService xcoms, IServiceProvider services, BatonPaths paths, RunRecorder recorder, TimeProvider timeProvider,
        ILogger<TaskInstanceRunner> logger)
    {
        _store = store;
        _xcoms = xcoms;
        _services = services;
        _paths = paths;
        _recorder = recorder;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Runs the next try; returns the task instance as it ended (success, skipped, up_for_retry or failed).</summary>
    /// <param name="dag">The DAG.</param>
    /// <param name="run">The run.</param>
    /// <param name="instance">The task instance, in its state before the try.</param>
    /// <param name="mode">Whether to record the task instance's state (false for <c>tasks test</c>), where to echo the log, and what a cancel means.</param>
    /// <param name="cancellationToken">
    /// Cancelled on Ctrl+C or shutdown: the try's code is cancelled, given <see cref="CancelGrace"/> to stop, and the try
    /// ends with <see cref="TaskRunMode.CancelReason"/> (no stack trace).
    /// </param>
    /// <exception cref="RunNotRecordedException">The try's state could not be written to the metadata database.</exception>
    public async Task<TaskInstanceRecord> RunAsync(Dag dag, DagRunRecord run, TaskInstanceRecord instance, TaskRunMode mode, CancellationToken cancellationToken)
    {
        // The try's span is the current activity while the task's code runs: its own spans (an HTTP call) are children.
        using var span = TaskTryTelemetry.Start(dag.DagId, run.RunId, instance.TaskId, instance.MapIndex, instance.TryNumber + 1);
        try
        {
            return await RunTryAsync(dag, run, instance, mode, span, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The try's end was not recorded (the runner records every failure of the task itself).
            TaskTryTelemetry.Abandoned(span, e);
            throw;
        }
    }

    private async Task<TaskInstanceRecord> RunTryAsync(Dag dag, DagRunRecord run, TaskInstanceRecord instance, TaskRunMode mode, Activity? span, CancellationToken cancellationToken)
    {
        var task = dag.FindTask(instance.TaskId) ?? throw new InvalidOperationException($"DAG '{dag.DagId}' has no task '{instance.TaskId}'");
        var tryNumber = instance.TryNumber + 1;
        // max_tries as in Airflow: the retries left counted in try numbers; a cleared instance gets its retries anew.
        var maxTries = Math.Max(instance.MaxTries, dag.RetriesOf(task));
        var current = instance with
        {
            State = TaskInstanceState.Running, TryNumber = tryNumber, MaxTries = maxTries, StartDate = _timeProvider.GetUtcNow(), EndDate = null,
            Hostname = Environment.MachineName, Pid = Environment.ProcessId, NextRetryAt = null, Error = null,
        };
        if (mode.RecordState)
        {
            await _recorder.UpdateTaskInstanceAsync(current).ConfigureAwait(false);
        }

        var logPath = TaskLogPaths.For(_paths.LogsDirectory, dag.DagId, run.RunId, task.TaskId, instance.MapIndex, tryNumber);
        TaskConsoleRouter.EnsureInstalled();
        var echo = TaskConsoleRouter.Unwrap(mode.EchoLogTo);
        using var tryCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        TaskLogWriter log;
        try
        {
            // A failed write ends the try: its code is cancelled, and the try fails naming the log.
            log = new TaskLogWriter(logPath, echo, _ => CancelQuietly(tryCancellation));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            // No log to write to: the try fails without running the task, and says why where it can.
            var reason = $"cannot open the task log '{logPath}': {WriteFailures.Reason(e)}";
            echo?.WriteLine($"{task.TaskId}: {reason}");
            _logger.LogWarning("Task {DagId}.{TaskId} of run {RunId} not run: {Reason}", dag.DagId, task.TaskId, run.RunId, reason);
            return await EndAsync(dag, task, current, new TaskLogException(reason, e), null, mode, span).ConfigureAwait(false);
        }

        using (log)
        {
            var logger = new TaskLogger(log, _timeProvider, "baton.task");
            Exception? error = null;
            using (TaskConsoleRouter.Route(log))
            {
                logger.LogInformation("Running {DagId} {TaskId}{MapIndex} for run {RunId}, try {Try} of {Tries}",
                    dag.DagId, task.TaskId, instance.MapIndex >= 0 ? $"[{instance.MapIndex}]" : "", run.RunId, tryNumber, maxTries + 1);
                try
                {
                    await ExecuteAsync(dag, run, task, instance.MapIndex, tryNumber, maxTries, logger, tryCancellation, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A task's failure, whatever its type, becomes the task instance's state and a line in its log.
                    error = e;
                }

                if (log.WriteError is { } writeError)
                {
                    // Whatever the task's code did, the try's log is incomplete: the try fails, naming the file.
                    error = new TaskLogException($"cannot write the task log '{logPath}': {WriteFailures.Reason(writeError)}", writeError);
                    logger.LogError("Task failed: {Reason}", error.Message);
                }
                else if (cancellationToken.IsCancellationRequested && error is not null and not BatonSkipException)
                {
                    error = new TaskInterruptedException(mode.CancelReason, error);
                    logger.LogWarning("Task stopped: {Reason}", mode.CancelReason);
                }
                else if (error is BatonSkipException)
                {
                    logger.LogInformation("Task skipped: {Message}", error.Message);
                }
                else if (error is not null)
                {
                    logger.LogError(error, "Task failed with {Type}: {Message}", error.GetType().Name, error.Message);
                }
                else
                {
                    logger.LogInformation("Marking task as SUCCESS");
                }
            }

            return await EndAsync(dag, task, current, error, log, mode, span).ConfigureAwait(false);
        }
    }

    /// <summary>Decides and records how the try ended.</summary>
    private async Task<TaskInstanceRecord> EndAsync(Dag dag, DagTask task, TaskInstanceRecord current, Exception? error, TextWriter? log, TaskRunMode mode, Activity? span)
    {
        var now = _timeProvider.GetUtcNow();
        var tryNumber = current.TryNumber;
        var maxTries = current.MaxTries;
        TaskInstanceRecord ended;
        if (error is null)
        {
            ended = current with { State = TaskInstanceState.Success, EndDate = now };
        }
        else if (error is BatonSkipException)
        {
            ended = current with { State = TaskInstanceState.Skipped, EndDate = now, Error = OneLine(error) };
            log?.WriteLine("Marking task as SKIPPED");
        }
        else if (error is TaskInterruptedException && mode.EndRunOnCancel)
        {
            ended = current with { State = TaskInstanceState.Failed, EndDate = now, Error = error.Message };
            log?.WriteLine($"Marking task as FAILED ({error.Message})");
        }
        else if (error is BatonException { IsRetryable: false } && tryNumber <= maxTries)
        {
            ended = current with { State = TaskInstanceState.Failed, EndDate = now, Error = OneLine(error) };
            log?.WriteLine($"Marking task as FAILED without retrying ({error.GetType().Name} is not retryable: another try would fail the same way)");
        }
        else if (tryNumber <= maxTries)
        {
            var delay = task.RetryDelay ?? dag.Spec.RetryDelay;
            ended = current with { State = TaskInstanceState.UpForRetry, EndDate = now, NextRetryAt = now + delay, Error = OneLine(error) };
            log?.WriteLine($"Marking task as UP_FOR_RETRY; next try at {RunIds.Format(now + delay)}");
        }
        else
        {
            ended = current with { State = TaskInstanceState.Failed, EndDate = now, Error = OneLine(error) };
            log?.WriteLine("Marking task as FAILED");
        }

        if (mode.RecordState)
        {
            await _recorder.UpdateTaskInstanceAsync(ended).ConfigureAwait(false);
        }

        _logger.LogDebug("{DagId}.{TaskId}[{MapIndex}] ended {State}", dag.DagId, task.TaskId, current.MapIndex, ended.State);
        TaskTryTelemetry.Ended(span, ended, error);
        return ended;
    }

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            // Asynchronously: the task's own callbacks must not run on (and block) the thread whose log write failed.
            _ = source.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The try has ended already.
        }
    }

    private async Task ExecuteAsync(
        Dag dag, DagRunRecord run, DagTask task, int mapIndex, int tryNumber, int maxTries, ILogger logger, CancellationTokenSource tryCancellation,
        CancellationToken cancellationToken)
    {
        // Airflow's semantics: a new try starts with none of the earlier tries' XComs.
        await _xcoms.DeleteAsync(new XComFilter { DagId = dag.DagId, RunId = run.RunId, TaskId = task.TaskId, MapIndex = mapIndex }, cancellationToken).ConfigureAwait(false);

        var arguments = new object?[task.Inputs.Count];
        try
        {
            for (var i = 0; i < arguments.Length; i++)
            {
                arguments[i] = await ResolveInputAsync(dag.DagId, run.RunId, task.Inputs[i], mapIndex, cancellationToken).ConfigureAwait(false);
            }

            var timeout = task.ExecutionTimeout ?? dag.Spec.ExecutionTimeout;
            var conf = ParseConf(run);
            var tryToken = tryCancellation.Token;
            // Services for this try only: a scoped service (a DbContext, a task class's dependencies) is new per try and disposed after it.
            await using var scope = _services.CreateAsyncScope();
            var context = new TaskContext(
                dag.DagId, run.RunId, task.TaskId, mapIndex, tryNumber, maxTries, run.LogicalDate,
                new DataInterval(run.DataIntervalStart, run.DataIntervalEnd), MergeParams(dag.Spec.Params, conf), conf, logger,
                new TaskXComs(_xcoms, dag.DagId, run.RunId, task.TaskId, mapIndex), scope.ServiceProvider, tryToken);

            object? result;
            // Even a synchronous task body runs on its own thread, so a timeout or Ctrl+C can end the wait without it.
            var invocation = Task.Run(() => task.Invoker(context, arguments), CancellationToken.None);
            try
            {
                result = timeout is { } limit
                    ? await invocation.WaitAsync(limit, _timeProvider, tryToken).ConfigureAwait(false)
                    : await invocation.WaitAsync(tryToken).ConfigureAwait(false);
            }
            catch (TimeoutException e) when (timeout is { } limit)
            {
                await tryCancellation.CancelAsync().ConfigureAwait(false);
                Abandon(invocation);
                throw new TaskTimeoutException($"Task '{task.TaskId}' timed out after {limit} (execution timeout).", e);
            }
            catch (OperationCanceledException) when (tryToken.IsCancellationRequested && !invocation.IsCompleted)
            {
                // Cancelled (Ctrl+C, shutdown, a failed log write): the task's token is cancelled too; its code gets a
                // grace period to stop and clean up before it is left behind.
                await Task.WhenAny(invocation, Task.Delay(CancelGrace, _timeProvider, CancellationToken.None)).ConfigureAwait(false);
                if (!invocation.IsCompleted)
                {
                    logger.LogWarning("The task's code did not stop within {Grace} of being cancelled; it is left behind", CancelGrace);
                    Abandon(invocation);
                }
                else
                {
                    _ = invocation.Exception;
                }

                throw;
            }

            if (task.OutputType is { } outputType)
            {
                await _xcoms.PushAsync(new XComKey(dag.DagId, run.RunId, task.TaskId, mapIndex), result, outputType, tryToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // Values handed over as streams read from the store; the task is done with them now.
            foreach (var stream in arguments.OfType<Stream>())
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Leaves a task body that did not stop; its eventual failure is observed so it is not reported as unobserved.</summary>
    private static void Abandon(Task<object?> invocation) =>
        _ = invocation.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>The value a task instance receives for one input.</summary>
    internal async Task<object?> ResolveInputAsync(string dagId, string runId, TaskInput input, int mapIndex, CancellationToken cancellationToken)
    {
        var upstream = input.Upstream;
        if (input.MapOver)
        {
            if (upstream.IsMapped)
            {
                return await _xcoms.PullAsync(new XComKey(dagId, runId, upstream.TaskId, mapIndex), input.DeclaredType, cancellationToken).ConfigureAwait(false);
            }

            var list = await PullListAsync(dagId, runId, upstream, input.DeclaredType, cancellationToken).ConfigureAwait(false);
            return list[mapIndex];
        }

        if (!upstream.IsMapped)
        {
            return await _xcoms.PullAsync(new XComKey(dagId, runId, upstream.TaskId), input.DeclaredType, cancellationToken).ConfigureAwait(false);
        }

        // A mapped task's results reach a downstream task as one list, in map_index order.
        var elementType = upstream.OutputType!;
        var results = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
        var rows = await _xcoms.ListAsync(new XComFilter { DagId = dagId, RunId = runId, TaskId = upstream.TaskId, Key = XComKey.ReturnValueKey }, cancellationToken).ConfigureAwait(false);
        foreach (var row in rows.Where(r => r.Key.MapIndex >= 0).OrderBy(r => r.Key.MapIndex))
        {
            results.Add(await _xcoms.ReadAsync(row, elementType, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>How many instances a mapped task expands to: the length of the list it maps over.</summary>
    internal async Task<int> CountMapItemsAsync(string dagId, string runId, TaskInput input, IReadOnlyCollection<TaskInstanceRecord> upstreamInstances, CancellationToken cancellationToken)
    {
        if (input.Upstream.IsMapped)
        {
            return upstreamInstances.Count(t => t.MapIndex >= 0);
        }

        return (await PullListAsync(dagId, runId, input.Upstream, input.DeclaredType, cancellationToken).ConfigureAwait(false)).Count;
    }

    private async Task<IList> PullListAsync(string dagId, string runId, DagTask upstream, Type elementType, CancellationToken cancellationToken)
    {
        var key = new XComKey(dagId, runId, upstream.TaskId);
        var listType = typeof(List<>).MakeGenericType(elementType);
        return await _xcoms.PullAsync(key, listType, cancellationToken).ConfigureAwait(false) as IList
            ?? throw new XComTypeMismatchException(key, $"XCom {key} is null; a mapped task needs a list of {TypeNames.Of(elementType)} to map over.");
    }

    private static JsonObject? ParseConf(DagRunRecord run) =>
        string.IsNullOrEmpty(run.Conf) ? null : JsonNode.Parse(run.Conf) as JsonObject;

    private static JsonObject MergeParams(JsonObject? defaults, JsonObject? conf)
    {
        var merged = defaults?.DeepClone() as JsonObject ?? [];
        if (conf is not null)
        {
            foreach (var (name, value) in conf)
            {
                merged[name] = value?.DeepClone();
            }
        }

        return merged;
    }

    private static string OneLine(Exception e) =>
        (e is TaskLogException or TaskInterruptedException ? e.Message : $"{e.GetType().Name}: {e.Message}").ReplaceLineEndings(" ");
}
