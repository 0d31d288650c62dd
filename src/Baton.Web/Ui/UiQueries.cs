using Baton.Dags;
using Baton.Metadata;
using Baton.Metadata.Sql;
using Baton.Runs;
using Baton.Scheduling;

namespace Baton.Web.Ui;

/// <summary>
/// What the UI's pages show that no single API call gives: a DAG list row with its last runs and next run, and a DAG's
/// grid (its newest runs × its tasks, mapped tasks folded into one cell with counts per state).
/// </summary>
internal sealed class UiQueries(DagBag dags, IMetadataStore store, SqlMetadataQueries queries, TimeProvider time)
{
    /// <summary>How many runs a DAG list row shows.</summary>
    public const int RecentRuns = 8;

    /// <summary>The DAG's newest runs, newest first.</summary>
    public async Task<IReadOnlyList<DagRunRecord>> RecentRunsAsync(string dagId, int count, CancellationToken cancellationToken) =>
        (await queries.ListDagRunsAsync(dagId, null, null, null, count, 0, cancellationToken).ConfigureAwait(false)).Items;

    /// <summary>When the scheduler creates the DAG's next run (its logical date and when it is due), or null when it will not.</summary>
    public async Task<(DateTimeOffset LogicalDate, DateTimeOffset RunAfter)?> NextRunAsync(Dag dag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dag);
        if (!dag.Timetable.CanBeScheduled)
        {
            return null;
        }

        var latest = await store.GetLatestScheduledRunAsync(dag.DagId, cancellationToken).ConfigureAwait(false);
        DataInterval? last = latest is null ? null : new DataInterval(latest.DataIntervalStart, latest.DataIntervalEnd);
        var restriction = new TimeRestriction(dag.Spec.StartDate, dag.Spec.EndDate, dag.Spec.Catchup);
        return dag.Timetable.NextDagRunInfo(last, restriction, time.GetUtcNow()) is { } next ? (next.LogicalDate, next.RunAfter) : null;
    }

    /// <summary>The grid of a DAG: its newest <paramref name="runCount"/> runs (oldest first, as columns) and one cell per task and run.</summary>
    public async Task<DagGrid> GridAsync(string dagId, int runCount, CancellationToken cancellationToken)
    {
        var dag = dags.Get(dagId);
        var runs = (await RecentRunsAsync(dagId, runCount, cancellationToken).ConfigureAwait(false)).Reverse().ToList();
        var cells = new Dictionary<(string TaskId, string RunId), GridCell>();
        foreach (var run in runs)
        {
            var instances = await store.ListTaskInstancesAsync(dagId, run.RunId, cancellationToken).ConfigureAwait(false);
            foreach (var group in instances.GroupBy(i => i.TaskId, StringComparer.Ordinal))
            {
                var list = group.ToList();
                cells[(group.Key, run.RunId)] = list is [{ MapIndex: -1 } single]
                    ? new GridCell(single.State, [], single.TryNumber)
                    : new GridCell(Summary(list), list.GroupBy(i => i.State).Select(g => (g.Key, g.Count())).OrderBy(g => g.Key).ToList(), 0);
            }
        }

        return new DagGrid(dag, runs, cells);
    }

    /// <summary>The state a folded mapped task shows: failed before running before anything else before success.</summary>
    private static TaskInstanceState Summary(IReadOnlyList<TaskInstanceRecord> instances)
    {
        TaskInstanceState[] order =
        [
            TaskInstanceState.Failed, TaskInstanceState.UpstreamFailed, TaskInstanceState.UpForRetry, TaskInstanceState.Running,
            TaskInstanceState.Queued, TaskInstanceState.Scheduled, TaskInstanceState.None, TaskInstanceState.Skipped,
        ];
        return order.Where(s => instances.Any(i => i.State == s)).DefaultIfEmpty(TaskInstanceState.Success).First();
    }
}
