using System.Diagnostics;
using System.Diagnostics.Metrics;
using Baton.XComs;

namespace Baton.Telemetry;

/// <summary>
/// The span of each XCom push and pull (<c>xcom push {key}</c>, <c>xcom pull {key}</c>) and <c>baton.xcom.io</c>, the
/// stored bytes pushed and pulled by direction, storage kind and store scheme.
/// </summary>
internal static class XComTelemetry
{
    public const string Push = "push";
    public const string Pull = "pull";
    public const string Inline = "inline";
    public const string Object = "object";

    private static readonly string[] KnownSchemes = ["file", "s3", "gs", "az"];

    private static readonly Counter<long> Io = BatonTelemetry.Meter.CreateCounter<long>(
        "baton.xcom.io", "By", "Stored (serialized, compressed) bytes of the XComs pushed and pulled.");

    /// <summary>Starts the span of a push or pull of <paramref name="key"/>, or returns null when nobody listens.</summary>
    /// <param name="direction"><see cref="Push"/> or <see cref="Pull"/>.</param>
    /// <param name="key">The XCom; its ids (the task that pushed it) become the span's.</param>
    public static Activity? Start(string direction, XComKey key)
    {
        if (!BatonTelemetry.Source.HasListeners())
        {
            return null;
        }

        var activity = BatonTelemetry.Source.StartActivity($"xcom {direction} {key.Key}", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.DagId, key.DagId);
            activity.SetTag(TelemetryTags.RunId, key.RunId);
            activity.SetTag(TelemetryTags.TaskId, key.TaskId);
            activity.SetTag(TelemetryTags.MapIndex, key.MapIndex);
            activity.SetTag(TelemetryTags.XComKey, key.Key);
        }

        return activity;
    }

    /// <summary>Records what was pushed or pulled: on the span, and its stored bytes in <c>baton.xcom.io</c>.</summary>
    public static void Moved(Activity? activity, string direction, XComPayload payload)
    {
        if (activity is not { IsAllDataRequested: true } && !Io.Enabled)
        {
            return;
        }

        var storage = payload.Storage == XComStorage.ObjectStore ? Object : Inline;
        var scheme = payload.Storage == XComStorage.ObjectStore ? SchemeOf(payload.Location) : null;
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.XComStorage, storage);
            if (scheme is not null)
            {
                activity.SetTag(TelemetryTags.XComStoreScheme, scheme);
            }

            activity.SetTag(TelemetryTags.XComSize, payload.Size);
            activity.SetTag(TelemetryTags.XComCompression, payload.Compression);
            activity.SetTag(TelemetryTags.XComFormat, payload.Format);
        }

        if (!Io.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { TelemetryTags.XComDirection, direction },
            { TelemetryTags.XComStorage, storage },
        };
        if (scheme is not null)
        {
            tags.Add(TelemetryTags.XComStoreScheme, scheme);
        }

        Io.Add(payload.Size, tags);
    }

    /// <summary>Marks a push or pull failed.</summary>
    public static void Failed(Activity? activity, Exception exception) => SpanErrors.Record(activity, exception);

    /// <summary>The scheme of an object's URL (<c>file</c>, <c>s3</c>, <c>gs</c>, <c>az</c>), lowercase; null if it has none.</summary>
    internal static string? SchemeOf(string? location)
    {
        var colon = location?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0)
        {
            return null;
        }

        var scheme = location.AsSpan(0, colon);
        // The common schemes without a new string per value.
        foreach (var known in KnownSchemes)
        {
            if (scheme.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return scheme.ToString().ToLowerInvariant();
    }
}
