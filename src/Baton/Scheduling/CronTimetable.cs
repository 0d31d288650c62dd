using Cronos;

namespace Baton.Scheduling;

/// <summary>A cron expression or preset (UTC), with Airflow's data intervals: each run covers one cron period and starts when it ends.</summary>
internal sealed class CronTimetable : Timetable
{
    private readonly CronExpression _cron;

    private CronTimetable(string summary, CronExpression cron)
    {
        Summary = summary;
        _cron = cron;
    }

    public override bool CanBeScheduled => true;

    public override string? Summary { get; }

    public static CronTimetable Create(string schedule)
    {
        var expression = schedule.Trim();
        if (expression.StartsWith('@'))
        {
            if (!Presets.TryGetValue(expression, out var preset))
            {
                throw new FormatException(
                    $"unknown schedule preset '{schedule}': use one of @once, {string.Join(", ", Presets.Keys)}, a cron expression, or none");
            }

            expression = preset;
        }

        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields switch
        {
            5 => CronFormat.Standard,
            6 => CronFormat.IncludeSeconds,
            _ => throw new FormatException($"invalid cron expression '{schedule}': expected 5 fields (or 6 with seconds), found {fields}"),
        };
        try
        {
            return new CronTimetable(schedule, CronExpression.Parse(expression, format));
        }
        catch (CronFormatException e)
        {
            throw new FormatException($"invalid cron expression '{schedule}': {e.Message}", e);
        }
    }

    public override DagRunInfo? NextDagRunInfo(DataInterval? lastAutomatedInterval, TimeRestriction restriction, DateTimeOffset now)
    {
        // As Airflow, a run continues from the last interval's end aligned down to the schedule, so a DAG whose
        // schedule changed gets intervals on its new boundaries.
        DateTimeOffset? start;
        if (!restriction.Catchup)
        {
            var latest = SkipToLatest(restriction.Earliest, now);
            start = lastAutomatedInterval is { } last && AlignToPrevious(last.End) is { } aligned && aligned > latest ? aligned : latest;
        }
        else if (lastAutomatedInterval is { } last)
        {
            start = AlignToPrevious(last.End);
        }
        else
        {
            start = restriction.Earliest is { } earliest ? AlignToNext(earliest) : AlignToPrevious(now);
        }

        if (start is not { } s || (restriction.Latest is { } end && s > end))
        {
            return null;
        }

        var intervalEnd = Next(s);
        return intervalEnd is null ? null : new DagRunInfo(new DataInterval(s, intervalEnd.Value), intervalEnd.Value);
    }

    public override DataInterval InferManualDataInterval(DateTimeOffset runAfter)
    {
        // As Airflow: the last complete period before the trigger time (a daily DAG triggered at 01:00 on the 25th covers the 24th).
        var end = AlignToPrevious(runAfter) ?? runAfter;
        var start = Previous(end) ?? end;
        return new DataInterval(start, end);
    }

    public override IEnumerable<DataInterval> IntervalsBetween(DateTimeOffset rangeStart, DateTimeOffset rangeEnd)
    {
        var current = AlignToNext(rangeStart);
        while (current is { } s && s <= rangeEnd && Next(s) is { } e)
        {
            yield return new DataInterval(s, e);
            current = e;
        }
    }

    private DateTimeOffset SkipToLatest(DateTimeOffset? earliest, DateTimeOffset now)
    {
        // The start of the latest period that has ended by now.
        var lastStart = Previous(now) ?? now;
        var nextStart = Next(lastStart) ?? now;
        var newStart = nextStart == now ? lastStart : Previous(lastStart) ?? lastStart;
        if (earliest is { } e && AlignToNext(e) is { } aligned && aligned > newStart)
        {
            return aligned;
        }

        return newStart;
    }

    private DateTimeOffset? Next(DateTimeOffset after) => _cron.GetNextOccurrence(after, TimeZoneInfo.Utc, inclusive: false);

    private DateTimeOffset? Previous(DateTimeOffset before) => _cron.GetPreviousOccurrence(before, TimeZoneInfo.Utc, inclusive: false);

    private DateTimeOffset? AlignToNext(DateTimeOffset time) => _cron.GetNextOccurrence(time, TimeZoneInfo.Utc, inclusive: true);

    private DateTimeOffset? AlignToPrevious(DateTimeOffset time) => _cron.GetPreviousOccurrence(time, TimeZoneInfo.Utc, inclusive: true);
}
