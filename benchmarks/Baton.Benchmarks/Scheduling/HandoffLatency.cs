using Baton.Dags;
using Baton.Metadata;

namespace Baton.Benchmarks.Scheduling;

/// <summary>
/// How long a task waits after it could have started, from the task_instance rows: for each task instance that has
/// upstream tasks, its start date minus the latest end date among the instances of its upstream tasks.
/// </summary>
internal static class HandoffLatency
{
    /// <summary>One sample per downstream task instance, in milliseconds.</summary>
    /// <param name="dag">The DAG, for its dependency edges.</param>
    /// <param name="instances">The run's task instances, all ended.</param>
    /// <param name="slots">
    /// When set, the wait for one of this many executor slots is left out: a task is taken to be ready no earlier than the
    /// moment enough of the tasks started before it had ended for a slot to be free.
    /// </param>
    /// <exception cref="InvalidOperationException">A task instance has no start or end date (the run did not complete).</exception>
    public static IReadOnlyList<double> Measure(Dag dag, IReadOnlyList<TaskInstanceRecord> instances, int? slots = null)
    {
        var byTask = instances.ToLookup(t => t.TaskId, StringComparer.Ordinal);
        var lastEnd = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var group in byTask)
        {
            lastEnd[group.Key] = group.Max(t => t.EndDate ?? throw Incomplete(t));
        }

        var slotFree = slots is { } n ? SlotFreeTimes(instances, n) : null;
        var samples = new List<double>(instances.Count);
        foreach (var task in dag.Tasks)
        {
            var upstream = task.UpstreamTaskIds;
            if (upstream.Count == 0)
            {
                continue;
            }

            var upstreamEnded = upstream.Max(id => lastEnd[id]);
            foreach (var instance in byTask[task.TaskId])
            {
                var ready = upstreamEnded;
                if (slotFree is not null && slotFree.TryGetValue(instance, out var free) && free > ready)
                {
                    ready = free;
                }

                samples.Add(((instance.StartDate ?? throw Incomplete(instance)) - ready).TotalMilliseconds);
            }
        }

        return samples;
    }

    /// <summary>
    /// For each instance, the earliest time a slot can have been free for it: with at most <paramref name="slots"/> running
    /// at once, the k-th instance to start (from 0) needs k - slots + 1 of the k started before it to have ended.
    /// </summary>
    private static Dictionary<TaskInstanceRecord, DateTimeOffset> SlotFreeTimes(IReadOnlyList<TaskInstanceRecord> instances, int slots)
    {
        var byStart = instances.OrderBy(t => t.StartDate ?? throw Incomplete(t)).ToList();
        var free = new Dictionary<TaskInstanceRecord, DateTimeOffset>(ReferenceEqualityComparer.Instance);
        var earlierEnds = new List<DateTimeOffset>(byStart.Count);
        for (var k = 0; k < byStart.Count; k++)
        {
            if (k >= slots)
            {
                free[byStart[k]] = earlierEnds[k - slots];
            }

            var end = byStart[k].EndDate ?? throw Incomplete(byStart[k]);
            var at = earlierEnds.BinarySearch(end);
            earlierEnds.Insert(at < 0 ? ~at : at, end);
        }

        return free;
    }

    private static InvalidOperationException Incomplete(TaskInstanceRecord t) =>
        new($"task instance {t.TaskId}[{t.MapIndex}] of run {t.RunId} is {t.State} with no start or end date");
}
