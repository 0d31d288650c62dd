using System.Text.RegularExpressions;

namespace Baton.Execution;

/// <summary>Which task instances <c>tasks clear</c> / <c>dags clear</c> reset.</summary>
internal sealed record ClearRequest
{
    /// <summary>Only tasks whose id matches this regular expression (Airflow's <c>-t</c>); all tasks when null.</summary>
    public Regex? TaskIdPattern { get; init; }

    /// <summary>Also clear the tasks downstream of those matched.</summary>
    public bool Downstream { get; init; }

    /// <summary>Only runs with a logical date at or after this.</summary>
    public DateTimeOffset? StartDate { get; init; }

    /// <summary>Only runs with a logical date at or before this.</summary>
    public DateTimeOffset? EndDate { get; init; }

    /// <summary>Only this run.</summary>
    public string? RunId { get; init; }

    /// <summary>Only task instances that failed or did not run because an upstream failed.</summary>
    public bool OnlyFailed { get; init; }
}
