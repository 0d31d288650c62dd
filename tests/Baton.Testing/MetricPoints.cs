using OpenTelemetry.Metrics;

namespace Baton.Testing;

/// <summary>Finds the points of a metric by their attributes.</summary>
internal static class MetricPoints
{
    /// <summary>A point's attributes as a dictionary.</summary>
    public static Dictionary<string, object?> TagsOf(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }

    /// <summary>The one point whose attributes are exactly <paramref name="expected"/>.</summary>
    public static MetricPoint Single(MetricSnapshot metric, params (string Key, object? Value)[] expected)
    {
        var wanted = expected.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        var matches = metric.MetricPoints.Where(p => SameTags(TagsOf(p), wanted)).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException(
                $"{metric.Name}: expected one point with {Describe(wanted)}, found {matches.Count} among: " +
                string.Join(" | ", metric.MetricPoints.Select(p => Describe(TagsOf(p)))));
    }

    /// <summary>The points that carry every attribute of <paramref name="expected"/> (and maybe more).</summary>
    public static List<MetricPoint> Having(MetricSnapshot metric, params (string Key, object? Value)[] expected) =>
        [.. metric.MetricPoints.Where(p =>
        {
            var tags = TagsOf(p);
            return expected.All(e => tags.TryGetValue(e.Key, out var v) && Equals(v, e.Value));
        })];

    private static bool SameTags(Dictionary<string, object?> actual, Dictionary<string, object?> expected) =>
        actual.Count == expected.Count && expected.All(e => actual.TryGetValue(e.Key, out var v) && Equals(v, e.Value));

    private static string Describe(Dictionary<string, object?> tags) =>
        "{" + string.Join(", ", tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")) + "}";
}
