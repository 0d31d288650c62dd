using Baton.Dags;
using Baton.Metadata;

namespace Baton.Web.Api.Dags;

/// <summary>
/// The DAGs as the API and the UI show them: the DAGs the app's code defines (the <see cref="DagBag"/>) with their rows
/// (paused or not), filtered and paged; one DAG's details and tasks; pausing; the DAGs that failed to load.
/// </summary>
internal sealed class DagsService(DagBag dags, IMetadataStore store)
{
    public async Task<DagCollectionJson> ListAsync(DagQuery query, Paging paging, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = (await store.ListDagsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.DagId, StringComparer.Ordinal);
        var matching = dags.Dags
            .Where(d => query.Tags.Count == 0 || d.Spec.Tags.Any(t => query.Tags.Contains(t, StringComparer.Ordinal)))
            .Where(d => string.IsNullOrEmpty(query.DagIdPattern) || d.DagId.Contains(query.DagIdPattern, StringComparison.OrdinalIgnoreCase))
            .Select(d => ToJson(d, rows.GetValueOrDefault(d.DagId)))
            .Where(d => query.Paused is not { } paused || d.IsPaused == paused)
            .ToList();
        return new DagCollectionJson(paging.Of(matching), matching.Count);
    }

    /// <exception cref="DagNotFoundException">No loaded DAG has the id.</exception>
    public async Task<DagJson> GetAsync(string dagId, CancellationToken cancellationToken = default)
    {
        var dag = dags.Get(dagId);
        return ToJson(dag, await store.GetDagAsync(dag.DagId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Pauses or unpauses a DAG, as <c>dags pause|unpause</c>.</summary>
    /// <exception cref="DagNotFoundException">No loaded DAG has the id.</exception>
    public async Task<DagJson> SetPausedAsync(string dagId, bool paused, CancellationToken cancellationToken = default)
    {
        var dag = dags.Get(dagId);
        await store.SetDagPausedAsync(dag.DagId, paused, cancellationToken).ConfigureAwait(false);
        return await GetAsync(dag.DagId, cancellationToken).ConfigureAwait(false);
    }

    /// <exception cref="DagNotFoundException">No loaded DAG has the id.</exception>
    public async Task<DagDetailsJson> DetailsAsync(string dagId, CancellationToken cancellationToken = default)
    {
        var dag = dags.Get(dagId);
        var row = await store.GetDagAsync(dag.DagId, cancellationToken).ConfigureAwait(false);
        return new DagDetailsJson
        {
            DagId = dag.DagId, Description = dag.Spec.Description, IsPaused = row?.IsPaused ?? true, ScheduleInterval = dag.Spec.Schedule,
            Tags = dag.Spec.Tags.Select(t => new DagTagJson(t)).ToList(), StartDate = dag.Spec.StartDate, EndDate = dag.Spec.EndDate,
            Catchup = dag.Spec.Catchup, MaxActiveRuns = dag.Spec.MaxActiveRuns, Params = dag.Spec.Params?.DeepClone().AsObject(), Tasks = Tasks(dag),
        };
    }

    /// <exception cref="DagNotFoundException">No loaded DAG has the id.</exception>
    public TaskCollectionJson Tasks(string dagId)
    {
        var tasks = Tasks(dags.Get(dagId));
        return new TaskCollectionJson(tasks, tasks.Count);
    }

    public ImportErrorCollectionJson ImportErrors(Paging paging)
    {
        var errors = dags.Errors.Select((e, i) => new ImportErrorJson(i + 1, e.DagId, e.Message)).ToList();
        return new ImportErrorCollectionJson(paging.Of(errors), errors.Count);
    }

    private static List<TaskJson> Tasks(Dag dag) => dag.Tasks.Select(t => new TaskJson
    {
        TaskId = t.TaskId, UpstreamTaskIds = t.UpstreamTaskIds, DownstreamTaskIds = dag.DownstreamOf(t).Select(d => d.TaskId).ToList(),
        TriggerRule = TriggerRuleNames.Of(t.TriggerRule), IsMapped = t.IsMapped, Retries = dag.RetriesOf(t), Returns = t.OutputType?.Name,
    }).ToList();

    private static DagJson ToJson(Dag dag, DagRecord? row) => new()
    {
        DagId = dag.DagId, Description = dag.Spec.Description, IsPaused = row?.IsPaused ?? true, IsActive = true, ScheduleInterval = dag.Spec.Schedule,
        Tags = dag.Spec.Tags.Select(t => new DagTagJson(t)).ToList(), LastParsedTime = row?.LastSeenAt,
    };
}
