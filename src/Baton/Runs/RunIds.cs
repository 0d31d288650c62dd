using System.Globalization;
using System.Text.RegularExpressions;

namespace Baton.Runs;

/// <summary>Run ids as Airflow forms them: <c>{run_type}__{logical_date in ISO 8601}</c>, e.g. <c>scheduled__2022-12-20T00:00:00+00:00</c>.</summary>
internal static partial class RunIds
{
    /// <summary>The longest run id, as Airflow's <c>run_id</c> column (250 characters).</summary>
    public const int MaxLength = 250;

    /// <summary>The rule a user-given run id must follow (Airflow's default <c>allowed_run_id_pattern</c>, without <c>.</c> and <c>..</c>).</summary>
    public const string Rule = "use 1 to 250 letters, digits, or '_', '.', '~', ':', '+', '-' (not '.' or '..' alone)";

    /// <summary>The run id Baton generates for a run type and logical date.</summary>
    public static string Generate(DagRunType runType, DateTimeOffset logicalDate) =>
        $"{StateNames.Of(runType)}__{Format(logicalDate)}";

    /// <summary>A date as Python's <c>isoformat()</c> writes a UTC time: microseconds only when there are any.</summary>
    public static string Format(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        var format = utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm:ss.ffffff";
        return utc.ToString(format, CultureInfo.InvariantCulture) + "+00:00";
    }

    /// <summary>True when a user-given run id is acceptable.</summary>
    public static bool IsValid(string? runId) => runId is { Length: > 0 and <= MaxLength } and not ("." or "..") && Pattern().IsMatch(runId);

    /// <summary>Why a user-given run id is refused (naming the limit), or null when it is acceptable.</summary>
    public static string? Problem(string? runId) => runId switch
    {
        null or "" => $"a run id must not be empty; {Rule}",
        { Length: > MaxLength } => $"run id is {runId.Length} characters long, over the limit of {MaxLength}",
        "." or ".." => $"run id '{runId}' is not allowed: '.' and '..' name directories",
        _ when !Pattern().IsMatch(runId) => $"invalid run id '{runId}': {Rule}",
        _ => null,
    };

    [GeneratedRegex("^[A-Za-z0-9_.~:+-]+$")]
    private static partial Regex Pattern();
}
