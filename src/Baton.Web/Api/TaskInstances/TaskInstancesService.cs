using System.Text.RegularExpressions;
using Baton.Configuration;
using Baton.Dags;
using Baton.Execution;
using Baton.Logging;
using Baton.Metadata;
using Baton.Runs;

namespace Baton.Web.Api.TaskInstances;

/// <summary>
/// Task instances for the API and the UI: a run's instances, one instance, clearing (with downstream tasks) through the
/// engine's <see cref="DagRunService"/> as <c>tasks clear</c> does, and where each try's log file is (the files
/// <c>tasks logs</c> reads).
/// </summary>
internal sealed class TaskInstancesService(DagBag dags, IMetadataStore store, DagRunService runs, BatonPaths paths)
{
    /// <exception cref="ApiProblemException">404: no such run.</exception>
    public async Task<TaskInstanceCollectionJson> ListAsync(
        string dagId, string runId, IReadOnlyList<TaskInstanceState> states, Paging paging, CancellationToken cancellationToken = default)
    {
        var instances = (await ListOfRunAsync(dagId, runId, cancellationToken).ConfigureAwait(false))
            .Where(t => states.Count == 0 || states.Contains(t.State))
            .Select(TaskInstanceJson.From)
            .ToList();
        return new TaskInstanceCollectionJson(paging.Of(instances), instances.Count);
    }

    /// <exception cref="ApiProblemException">404: no such run or task instance.</exception>
    public async Task<TaskInstanceJson> GetAsync(string dagId, string runId, string taskId, int mapIndex, CancellationToken cancellationToken = default) =>
        TaskInstanceJson.From(await FindAsync(dagId, runId, taskId, mapIndex, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Clears the task instances the request selects (with <paramref name="request"/>'s downstream tasks), or with
    /// <paramref name="dryRun"/> only lists them; returns them as they were before.
    /// </summary>
    /// <exception cref="DagRunInUseException">Another live process holds one of the runs; the others were cleared.</exception>
    public async Task<TaskInstanceCollectionJson> ClearAsync(string dagId, IReadOnlyList<string>? taskIds, ClearRequest request, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dag = dags.Get(dagId);
        if (taskIds is { Count: > 0 })
        {
            foreach (var unknown in taskIds.Where(t => dag.FindTask(t) is null))
            {
                throw ApiProblemException.BadRequest($"DAG '{dag.DagId}' has no task '{unknown}'; its tasks: {string.Join(", ", dag.Tasks.Select(t => t.TaskId))}");
            }

            request = request with { TaskIdPattern = new Regex($"^(?:{string.Join('|', taskIds.Select(Regex.Escape))})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) };
        }

        if (request.RunId is { } runId && await store.GetDagRunAsync(dag.DagId, runId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw NoRun(dag.DagId, runId);
        }

        var selected = await runs.ListClearableAsync(dag, request, cancellationToken).ConfigureAwait(false);
        if (!dryRun)
        {
            var result = await runs.ClearAsync(dag, request, cancellationToken).ConfigureAwait(false);
            if (result.InUse.Count > 0)
            {
                throw new DagRunInUseException(result.InUse[0]);
            }
        }

        return new TaskInstanceCollectionJson(selected.Select(TaskInstanceJson.From).ToList(), selected.Count);
    }

    /// <summary>The log file of one try, which exists.</summary>
    /// <exception cref="ApiProblemException">400: a try number below 1; 404: no such instance, or no log for that try (yet).</exception>
    public async Task<string> LogFileAsync(string dagId, string runId, string taskId, int mapIndex, int tryNumber, CancellationToken cancellationToken = default)
    {
        if (tryNumber < 1)
        {
            throw ApiProblemException.BadRequest($"task_try_number counts tries from 1, not {tryNumber}");
        }

        var instance = await FindAsync(dagId, runId, taskId, mapIndex, cancellationToken).ConfigureAwait(false);
        var path = TaskLogPaths.For(paths.LogsDirectory, instance.DagId, instance.RunId, instance.TaskId, instance.MapIndex, tryNumber);
        return File.Exists(path)
            ? path
            : throw ApiProblemException.NotFound($"no log for try {tryNumber} of task instance {Describe(instance.TaskId, instance.MapIndex)} of run '{instance.RunId}' " +
                $"(it has had {instance.TryNumber} tr{(instance.TryNumber == 1 ? "y" : "ies")}, state {StateNames.Of(instance.State)})");
    }

    /// <exception cref="ApiProblemException">404: no such run or task instance.</exception>
    public async Task<TaskInstanceRecord> FindAsync(string dagId, string runId, string taskId, int mapIndex, CancellationToken cancellationToken)
    {
        var instances = await ListOfRunAsync(dagId, runId, cancellationToken).ConfigureAwait(false);
        return instances.FirstOrDefault(t => t.TaskId == taskId && t.MapIndex == mapIndex)
            ?? throw ApiProblemException.NotFound($"run '{runId}' of DAG '{dagId}' has no task instance {Describe(taskId, mapIndex)}");
    }

    private async Task<IReadOnlyList<TaskInstanceRecord>> ListOfRunAsync(string dagId, string runId, CancellationToken cancellationToken)
    {
        var dag = dags.Get(dagId);
        _ = await store.GetDagRunAsync(dag.DagId, runId, cancellationToken).ConfigureAwait(false) ?? throw NoRun(dag.DagId, runId);
        return await store.ListTaskInstancesAsync(dag.DagId, runId, cancellationToken).ConfigureAwait(false);
    }

    private static string Describe(string taskId, int mapIndex) => mapIndex >= 0 ? $"'{taskId}' [map_index {mapIndex}]" : $"'{taskId}'";

    private static ApiProblemException NoRun(string dagId, string runId) => ApiProblemException.NotFound($"DAG '{dagId}' has no run '{runId}'");
}
