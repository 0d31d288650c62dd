using System.Diagnostics.Metrics;

namespace Baton.Telemetry;

/// <summary>
/// <c>baton.executor.queue.length</c>: the task instances that are ready (queued) and wait for one of the executor's
/// slots (<c>BATON__CORE__PARALLELISM</c>), by DAG: the scheduler's queue depth.
/// </summary>
internal static class ExecutorTelemetry
{
    private static readonly UpDownCounter<long> QueueLength = BatonTelemetry.Meter.CreateUpDownCounter<long>(
        "baton.executor.queue.length", "{task_instance}", "Ready task instances waiting for an executor slot.");

    /// <summary>Counts a task instance in the queue; returns whether it was counted, to pass to <see cref="Dequeued"/>.</summary>
    public static bool Enqueued(string dagId)
    {
        if (!QueueLength.Enabled)
        {
            return false;
        }

        QueueLength.Add(1, new KeyValuePair<string, object?>(TelemetryTags.DagId, dagId));
        return true;
    }

    /// <summary>Takes a task instance out of the queue (it got a slot, or it stopped waiting), if it was counted in.</summary>
    public static void Dequeued(string dagId, bool counted)
    {
        if (counted)
        {
            QueueLength.Add(-1, new KeyValuePair<string, object?>(TelemetryTags.DagId, dagId));
        }
    }
}
