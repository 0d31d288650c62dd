using System.Text.Json.Nodes;
using Baton.Dags;
using Baton.Execution;
using Baton.Metadata;
using Baton.Metadata.Sql;
using Baton.Runs;
using Baton.Web.Api.TaskInstances;

namespace Baton.Web.Api.DagRuns;

/// <summary>
/// DAG runs for the API and the UI: paged listings (one DAG or all), one run, trigger (conf checked against the DAG's
/// params), clear and delete through the engine's <see cref="DagRunService"/>, as <c>dags trigger|clear|delete</c> do.
/// </summary>
internal sealed class DagRunsService(DagBag dags, IMetadataStore store, SqlMetadataQueries queries, DagRunService runs)
{
    /// <summary>One page of runs of a DAG, or of every DAG when <paramref name="dagId"/> is null.</summary>
    public async Task<DagRunCollectionJson> ListAsync(
        string? dagId, IReadOnlyList<DagRunState> states, DateTimeOffset? from, DateTimeOffset? to, Paging paging, CancellationToken cancellationToken = default)
    {
        if (dagId is not null)
        {
            _ = dags.Get(dagId);
        }

        var page = await queries.ListDagRunsAsync(dagId, states, from, to, paging.Limit, paging.Offset, cancellationToken).ConfigureAwait(false);
        return new DagRunCollectionJson(page.Items.Select(DagRunJson.From).ToList(), page.TotalEntries);
    }

    /// <exception cref="ApiProblemException">404: the DAG has no such run.</exception>
    public async Task<DagRunJson> GetAsync(string dagId, string runId, CancellationToken cancellationToken = default) =>
        DagRunJson.From(await FindAsync(dagId, runId, cancellationToken).ConfigureAwait(false));

    /// <summary>Creates a queued manual run, as <c>dags trigger</c>; the scheduler runs it.</summary>
    /// <exception cref="ApiProblemException">400: a bad run id, date or conf (naming the param); 409: the run exists.</exception>
    public async Task<DagRunJson> TriggerAsync(string dagId, string? runId, DateTimeOffset? logicalDate, JsonNode? conf, CancellationToken cancellationToken = default)
    {
        var dag = dags.Get(dagId);
        if (runId is not null)
        {
            ApiInput.RunId(runId);
        }

        if (conf is not null and not JsonObject)
        {
            throw ApiProblemException.BadRequest($"conf must be a JSON object, like {{\"key\": 1}}, not {conf.GetValueKind().ToString().ToLowerInvariant()}");
        }

        var confObject = (JsonObject?)conf;
        if (DagParams.Problems(dag, confObject) is { Count: > 0 } problems)
        {
            throw ApiProblemException.BadRequest($"conf does not match the params of DAG '{dag.DagId}': {string.Join("; ", problems)}");
        }

        try
        {
            return DagRunJson.From(await runs.TriggerAsync(dag, logicalDate, runId, confObject?.DeepClone().AsObject(), cancellationToken).ConfigureAwait(false));
        }
        catch (DagRunExistsException)
        {
            throw ApiProblemException.Conflict(runId is null
                ? $"DAG '{dag.DagId}' already has a manual run for logical date {logicalDate:O}; give another logical_date or a dag_run_id"
                : $"DAG '{dag.DagId}' already has a run '{runId}'");
        }
    }

    /// <summary>
    /// Resets the run's task instances (only failed ones with <paramref name="onlyFailed"/>) and queues it again; with
    /// <paramref name="dryRun"/> only lists what would be reset.
    /// </summary>
    /// <returns>The task instances that would be reset (dry run), or null after a clear.</returns>
    /// <exception cref="DagRunInUseException">Another live process holds the run.</exception>
    public async Task<TaskInstanceCollectionJson?> ClearAsync(string dagId, string runId, bool dryRun, bool onlyFailed, CancellationToken cancellationToken = default)
    {
        var dag = dags.Get(dagId);
        var run = await FindAsync(dag.DagId, runId, cancellationToken).ConfigureAwait(false);
        var request = new ClearRequest { RunId = run.RunId, OnlyFailed = onlyFailed };
        if (dryRun)
        {
            var instances = await runs.ListClearableAsync(dag, request, cancellationToken).ConfigureAwait(false);
            return new TaskInstanceCollectionJson(instances.Select(TaskInstanceJson.From).ToList(), instances.Count);
        }

        var result = await runs.ClearAsync(dag, request, cancellationToken).ConfigureAwait(false);
        if (result.InUse.Count > 0)
        {
            throw new DagRunInUseException(result.InUse[0]);
        }

        return null;
    }

    /// <summary>Deletes the run with its task instances, XComs and stored objects, as <c>dags delete --run-id</c>.</summary>
    /// <exception cref="ApiProblemException">404: no such run.</exception>
    /// <exception cref="DagRunInUseException">Another live process holds the run.</exception>
    public async Task DeleteAsync(string dagId, string runId, CancellationToken cancellationToken = default)
    {
        var dag = dags.Get(dagId);
        if (!await runs.DeleteRunAsync(dag.DagId, runId, cancellationToken).ConfigureAwait(false))
        {
            throw NoRun(dag.DagId, runId);
        }
    }

    /// <exception cref="ApiProblemException">404: no such run.</exception>
    public async Task<DagRunRecord> FindAsync(string dagId, string runId, CancellationToken cancellationToken)
    {
        var dag = dags.Get(dagId);
        return await store.GetDagRunAsync(dag.DagId, runId, cancellationToken).ConfigureAwait(false) ?? throw NoRun(dag.DagId, runId);
    }

    private static ApiProblemException NoRun(string dagId, string runId) => ApiProblemException.NotFound($"DAG '{dagId}' has no run '{runId}'");
}
