using System.Diagnostics;

namespace Baton.Telemetry;

/// <summary>Marks a span failed as OpenTelemetry's conventions say: status Error with a description, and <c>error.type</c>.</summary>
internal static class SpanErrors
{
    /// <summary>Marks the span failed by an exception: <c>error.type</c> is the exception's full type name.</summary>
    public static void Record(Activity? activity, Exception exception) =>
        Record(activity, exception.GetType().FullName ?? exception.GetType().Name, exception.Message);

    /// <summary>Marks the span failed with a low-cardinality error type and a one-line description.</summary>
    public static void Record(Activity? activity, string errorType, string description)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(TelemetryTags.ErrorType, errorType);
        activity.SetStatus(ActivityStatusCode.Error, description.ReplaceLineEndings(" "));
    }
}
