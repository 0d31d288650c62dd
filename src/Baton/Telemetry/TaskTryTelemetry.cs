using System.Diagnostics;
using System.Diagnostics.Metrics;
using Baton.Metadata;
using Baton.Runs;

namespace Baton.Telemetry;

/// <summary>
/// The span of one task try (<c>task_try {dag_id}.{task_id}</c>, a child of its run's span in the same process) and the
/// try metrics: <c>baton.task.try.duration</c> and <c>baton.task.tries</c>, by DAG, task and outcome.
/// </summary>
internal static class TaskTryTelemetry
{
    /// <summary>From a few milliseconds (a no-op task) to hours; OpenTelemetry's default buckets are for milliseconds.</summary>
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200];

    private static readonly Histogram<double> Duration = BatonTelemetry.Meter.CreateHistogram(
        "baton.task.try.duration", "s", "How long task tries took, from start to their recorded end.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    private static readonly Counter<long> Tries = BatonTelemetry.Meter.CreateCounter<long>(
        "baton.task.tries", "{try}", "Task tries that ended, by outcome (success, skipped, up_for_retry, failed).");

    /// <summary>Starts the try's span, or returns null when nobody listens.</summary>
    public static Activity? Start(string dagId, string runId, string taskId, int mapIndex, int tryNumber)
    {
        if (!BatonTelemetry.Source.HasListeners())
        {
            return null;
        }

        var activity = BatonTelemetry.Source.StartActivity($"task_try {dagId}.{taskId}", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.DagId, dagId);
            activity.SetTag(TelemetryTags.RunId, runId);
            activity.SetTag(TelemetryTags.TaskId, taskId);
            activity.SetTag(TelemetryTags.MapIndex, mapIndex);
            activity.SetTag(TelemetryTags.TryNumber, tryNumber);
        }

        return activity;
    }

    /// <summary>Records how the try ended (its state as recorded) on its span and in the try metrics.</summary>
    /// <param name="activity">The try's span, or null.</param>
    /// <param name="ended">The task instance as the try left it.</param>
    /// <param name="error">What failed the try (or skipped it), or null when it succeeded.</param>
    public static void Ended(Activity? activity, TaskInstanceRecord ended, Exception? error)
    {
        if (activity is not { IsAllDataRequested: true } && !Duration.Enabled && !Tries.Enabled)
        {
            return;
        }

        var state = StateNames.Of(ended.State);
        var failed = error is not null && ended.State is (TaskInstanceState.Failed or TaskInstanceState.UpForRetry);
        var errorType = failed ? error!.GetType().FullName ?? error.GetType().Name : null;
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.TaskInstanceState, state);
            if (errorType is not null)
            {
                SpanErrors.Record(activity, errorType, ended.Error ?? error!.Message);
            }
        }

        if (!Duration.Enabled && !Tries.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { TelemetryTags.DagId, ended.DagId },
            { TelemetryTags.TaskId, ended.TaskId },
            { TelemetryTags.TaskInstanceState, state },
        };
        if (errorType is not null)
        {
            tags.Add(TelemetryTags.ErrorType, errorType);
        }

        if (ended is { StartDate: { } start, EndDate: { } end })
        {
            Duration.Record((end - start).TotalSeconds, tags);
        }

        Tries.Add(1, tags);
    }

    /// <summary>Records a try whose end could not be recorded (the metadata database refused it): its span fails.</summary>
    public static void Abandoned(Activity? activity, Exception exception) => SpanErrors.Record(activity, exception);
}
