using System.Diagnostics;
using Baton.Metadata;
using Baton.Runs;

namespace Baton.Telemetry;

/// <summary>The span of one DAG run in this process: <c>dag_run {dag_id}</c>, the parent of its task tries' spans.</summary>
internal static class DagRunTelemetry
{
    /// <summary>The run failed because task instances failed.</summary>
    public const string TaskFailedError = "task_failed";

    /// <summary>The run failed with no failed task instance: it was stopped before any try failed.</summary>
    public const string StoppedError = "stopped";

    /// <summary>Starts the run's span, or returns null when nobody listens.</summary>
    public static Activity? Start(DagRunRecord run)
    {
        if (!BatonTelemetry.Source.HasListeners())
        {
            return null;
        }

        var activity = BatonTelemetry.Source.StartActivity($"dag_run {run.DagId}", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.DagId, run.DagId);
            activity.SetTag(TelemetryTags.RunId, run.RunId);
            activity.SetTag(TelemetryTags.RunType, StateNames.Of(run.RunType));
        }

        return activity;
    }

    /// <summary>Records how the run ended; a failed run names its failed task instances.</summary>
    public static void Ended(Activity? activity, DagRunRecord run, IEnumerable<TaskInstanceRecord> instances)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag(TelemetryTags.DagRunState, StateNames.Of(run.State));
        if (run.State != DagRunState.Failed)
        {
            return;
        }

        var failed = instances
            .Where(t => t.State == TaskInstanceState.Failed)
            .Select(t => t.MapIndex >= 0 ? $"{t.TaskId}[{t.MapIndex}]" : t.TaskId)
            .ToList();
        if (failed.Count > 0)
        {
            SpanErrors.Record(activity, TaskFailedError, $"failed task instances: {string.Join(", ", failed)}");
        }
        else
        {
            SpanErrors.Record(activity, StoppedError, "the run was stopped before any task instance failed");
        }
    }

    /// <summary>Records a run that ended with an exception (shutdown, a state the database did not take).</summary>
    public static void Failed(Activity? activity, Exception exception) => SpanErrors.Record(activity, exception);
}
