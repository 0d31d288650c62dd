namespace Baton.Scheduling;

/// <summary>
/// Turns a DAG's schedule into data intervals, as Airflow's timetables do: a cron expression or preset, <c>@once</c>, or none.
/// </summary>
internal abstract class Timetable
{
    /// <summary>The presets and the cron expressions they stand for.</summary>
    public static IReadOnlyDictionary<string, string> Presets { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["@hourly"] = "0 * * * *",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@weekly"] = "0 0 * * 0",
        ["@monthly"] = "0 0 1 * *",
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
    };

    /// <summary>True when the scheduler creates runs on its own (false for a DAG with no schedule).</summary>
    public abstract bool CanBeScheduled { get; }

    /// <summary>The schedule as the user wrote it, or null.</summary>
    public abstract string? Summary { get; }

    /// <summary>
    /// Parses a schedule: null or empty for none, <c>@once</c>, a preset, or a cron expression (5 fields, or 6 with seconds).
    /// </summary>
    /// <exception cref="FormatException">The schedule is neither; the message says what is wrong.</exception>
    public static Timetable Parse(string? schedule)
    {
        if (string.IsNullOrWhiteSpace(schedule))
        {
            return new NullTimetable();
        }

        if (schedule.Trim() == "@once")
        {
            return new OnceTimetable();
        }

        return CronTimetable.Create(schedule);
    }

    /// <summary>
    /// The next automated run after <paramref name="lastAutomatedInterval"/> (null when there has been none), within
    /// <paramref name="restriction"/>, as seen at <paramref name="now"/>; null when there is none. With catch-up off, the
    /// result skips ahead to the latest complete interval. The caller creates the run once <see cref="DagRunInfo.RunAfter"/> ≤ now.
    /// </summary>
    public abstract DagRunInfo? NextDagRunInfo(DataInterval? lastAutomatedInterval, TimeRestriction restriction, DateTimeOffset now);

    /// <summary>The data interval of a run triggered by hand at <paramref name="runAfter"/>.</summary>
    public abstract DataInterval InferManualDataInterval(DateTimeOffset runAfter);

    /// <summary>Every interval whose start lies in <c>[rangeStart, rangeEnd]</c>, for backfills; in order.</summary>
    public abstract IEnumerable<DataInterval> IntervalsBetween(DateTimeOffset rangeStart, DateTimeOffset rangeEnd);
}
