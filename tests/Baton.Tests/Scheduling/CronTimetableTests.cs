using Baton.Scheduling;

namespace Baton.Tests.Scheduling;

public sealed class CronTimetableTests
{
    private static readonly Timetable Daily = Timetable.Parse("@daily");
    private static readonly Timetable Hourly = Timetable.Parse("@hourly");

    [Fact]
    public void NextDagRunInfo_ScheduledRun_HasLogicalDateAtIntervalStartAndIsDueAtIntervalEnd()
    {
        var info = Daily.NextDagRunInfo(null, new TimeRestriction(Utc(2022, 12, 20), null, Catchup: true), Utc(2022, 12, 25, 13));

        Assert.NotNull(info);
        Assert.Equal(new DataInterval(Utc(2022, 12, 20), Utc(2022, 12, 21)), info.DataInterval);
        Assert.Equal(Utc(2022, 12, 20), info.LogicalDate);
        Assert.Equal(Utc(2022, 12, 21), info.RunAfter);
    }

    [Fact]
    public void NextDagRunInfo_StartDateBetweenOccurrences_AlignsToTheNextOccurrence()
    {
        var info = Daily.NextDagRunInfo(null, new TimeRestriction(Utc(2022, 12, 20, 6), null, Catchup: true), Utc(2022, 12, 25, 13));

        Assert.NotNull(info);
        Assert.Equal(new DataInterval(Utc(2022, 12, 21), Utc(2022, 12, 22)), info.DataInterval);
    }

    [Fact]
    public void NextDagRunInfo_CatchupTrue_WalksEveryIntervalFromStartDate()
    {
        var now = Utc(2022, 12, 25, 13);
        var restriction = new TimeRestriction(Utc(2022, 12, 20), null, Catchup: true);

        var due = DueIntervals(Daily, restriction, now, last: null);

        Assert.Equal(
            [
                new DataInterval(Utc(2022, 12, 20), Utc(2022, 12, 21)),
                new DataInterval(Utc(2022, 12, 21), Utc(2022, 12, 22)),
                new DataInterval(Utc(2022, 12, 22), Utc(2022, 12, 23)),
                new DataInterval(Utc(2022, 12, 23), Utc(2022, 12, 24)),
                new DataInterval(Utc(2022, 12, 24), Utc(2022, 12, 25)),
            ],
            due);
    }

    [Fact]
    public void NextDagRunInfo_CatchupTrue_ContinuesFromTheLastAutomatedInterval()
    {
        var last = new DataInterval(Utc(2022, 12, 22), Utc(2022, 12, 23));

        var info = Daily.NextDagRunInfo(last, new TimeRestriction(Utc(2022, 12, 20), null, Catchup: true), Utc(2022, 12, 25, 13));

        Assert.NotNull(info);
        Assert.Equal(new DataInterval(Utc(2022, 12, 23), Utc(2022, 12, 24)), info.DataInterval);
    }

    [Fact]
    public void NextDagRunInfo_CatchupFalse_SkipsToLatestCompleteInterval()
    {
        var info = Daily.NextDagRunInfo(null, new TimeRestriction(Utc(2022, 12, 20), null, Catchup: false), Utc(2026, 11, 25, 13));

        Assert.NotNull(info);
        Assert.Equal(new DataInterval(Utc(2026, 11, 24), Utc(2026, 11, 25)), info.DataInterval);
        Assert.Equal(Utc(2026, 11, 25), info.RunAfter);
    }

    [Fact]
    public void NextDagRunInfo_CatchupFalseAtAnIntervalBoundary_GivesTheIntervalThatJustEnded()
    {
        var info = Daily.NextDagRunInfo(null, new TimeRestriction(Utc(2022, 12, 20), null, Catchup: false), Utc(2026, 11, 25));

        Assert.NotNull(info);
        Assert.Equal(new DataInterval(Utc(2026, 11, 24), Utc(2026, 11, 25)), info.DataInterval);
    }

    [Fact]
    public void NextDagRunInfo_CatchupFalseWithOldLastRun_SkipsTheMissedIntervals()
    {
        var last = new DataInterval(Utc(2026, 1, 1), Utc(2026, 1, 2));

        var info = Daily.NextDagRunInfo(last, new TimeRestriction(Utc(2022, 12, 20), null, Catchup: false), Utc(2026, 11, 25, 13));

        Assert.NotNull(info);
        Assert.Equal(new DataInterval(Utc(2026, 11, 24), Utc(2026, 11, 25)), info.DataInterval);
    }

    [Fact]
    public void NextDagRunInfo_CatchupFalseAfterTheLatestRun_GivesTheNextIntervalNotYetDue()
    {
        var now = Utc(2026, 11, 25, 13);
        var last = new DataInterval(Utc(2026, 11, 24), Utc(2026, 11, 25));

        var info = Daily.NextDagRunInfo(last, new TimeRestriction(Utc(2022, 12, 20), null, Catchup: false), now);

        Assert.NotNull(info);
        Assert.Equal(new DataInterval(Utc(2026, 11, 25), Utc(2026, 11, 26)), info.DataInterval);
        Assert.True(info.RunAfter > now);
    }

    [Fact]
    public void NextDagRunInfo_CatchupFalseWithStartDateInTheFuture_StartsAtTheStartDate()
    {
        var info = Daily.NextDagRunInfo(null, new TimeRestriction(Utc(2026, 12, 1), null, Catchup: false), Utc(2026, 11, 25, 13));

        Assert.NotNull(info);
        Assert.Equal(new DataInterval(Utc(2026, 12, 1), Utc(2026, 12, 2)), info.DataInterval);
    }

    [Fact]
    public void NextDagRunInfo_EndDate_StopsAfterTheLastIntervalStartingOnOrBeforeIt()
    {
        var restriction = new TimeRestriction(Utc(2022, 12, 20), Utc(2022, 12, 22), Catchup: true);

        var due = DueIntervals(Daily, restriction, Utc(2026, 11, 25, 13), last: null);

        Assert.Equal([Utc(2022, 12, 20), Utc(2022, 12, 21), Utc(2022, 12, 22)], due.Select(i => i.Start));
    }

    [Fact]
    public void NextDagRunInfo_CatchupFalseWithEndDateInThePast_GivesNothing()
    {
        var info = Daily.NextDagRunInfo(null, new TimeRestriction(Utc(2022, 12, 20), Utc(2023, 1, 1), Catchup: false), Utc(2026, 11, 25, 13));

        Assert.Null(info);
    }

    [Fact]
    public void NextDagRunInfo_AfterTheScheduleChanged_AlignsTheNextIntervalToTheNewSchedule()
    {
        // The last run was hourly; the DAG is now daily. As Airflow, the next interval starts on a daily boundary.
        var last = new DataInterval(Utc(2024, 1, 1, 12), Utc(2024, 1, 1, 13));

        var info = Daily.NextDagRunInfo(last, new TimeRestriction(Utc(2023, 1, 1), null, Catchup: true), Utc(2024, 1, 5));

        Assert.NotNull(info);
        Assert.Equal(new DataInterval(Utc(2024, 1, 1), Utc(2024, 1, 2)), info.DataInterval);
    }

    [Fact]
    public void InferManualDataInterval_DailyTriggeredAt0100_CoversThePreviousDay()
    {
        var interval = Daily.InferManualDataInterval(Utc(2026, 11, 25, 1));

        Assert.Equal(new DataInterval(Utc(2026, 11, 24), Utc(2026, 11, 25)), interval);
    }

    [Fact]
    public void InferManualDataInterval_DailyTriggeredAtMidnight_CoversTheDayThatJustEnded()
    {
        var interval = Daily.InferManualDataInterval(Utc(2026, 11, 25));

        Assert.Equal(new DataInterval(Utc(2026, 11, 24), Utc(2026, 11, 25)), interval);
    }

    [Fact]
    public void InferManualDataInterval_Hourly_CoversTheLastCompleteHour()
    {
        var interval = Hourly.InferManualDataInterval(Utc(2026, 11, 25, 13, 20));

        Assert.Equal(new DataInterval(Utc(2026, 11, 25, 12), Utc(2026, 11, 25, 13)), interval);
    }

    [Fact]
    public void IntervalsBetween_AlignedRange_IncludesTheIntervalStartingAtTheRangeEnd()
    {
        var intervals = Daily.IntervalsBetween(Utc(2024, 1, 1), Utc(2024, 1, 3)).ToList();

        Assert.Equal(
            [
                new DataInterval(Utc(2024, 1, 1), Utc(2024, 1, 2)),
                new DataInterval(Utc(2024, 1, 2), Utc(2024, 1, 3)),
                new DataInterval(Utc(2024, 1, 3), Utc(2024, 1, 4)),
            ],
            intervals);
    }

    [Fact]
    public void IntervalsBetween_UnalignedRange_GivesTheIntervalsStartingInsideIt()
    {
        var intervals = Daily.IntervalsBetween(Utc(2024, 1, 1, 6), Utc(2024, 1, 3, 12)).ToList();

        Assert.Equal([Utc(2024, 1, 2), Utc(2024, 1, 3)], intervals.Select(i => i.Start));
    }

    [Fact]
    public void IntervalsBetween_RangeWithNoOccurrence_IsEmpty()
    {
        var intervals = Daily.IntervalsBetween(Utc(2024, 1, 1, 6), Utc(2024, 1, 1, 12));

        Assert.Empty(intervals);
    }

    [Fact]
    public void IntervalsBetween_Hourly_MatchesTheSchedulersCatchupWalk()
    {
        var restriction = new TimeRestriction(Utc(2024, 1, 1), Utc(2024, 1, 1, 5), Catchup: true);

        var walked = DueIntervals(Hourly, restriction, Utc(2030, 1, 1), last: null);
        var between = Hourly.IntervalsBetween(Utc(2024, 1, 1), Utc(2024, 1, 1, 5));

        Assert.Equal(6, walked.Count);
        Assert.Equal(walked, between);
    }

    /// <summary>What the scheduler does: asks for the next run until the next one is not due yet.</summary>
    private static List<DataInterval> DueIntervals(Timetable timetable, TimeRestriction restriction, DateTimeOffset now, DataInterval? last)
    {
        var due = new List<DataInterval>();
        while (timetable.NextDagRunInfo(last, restriction, now) is { } next && next.RunAfter <= now)
        {
            Assert.True(due.Count < 10_000, "the timetable never stops");
            due.Add(next.DataInterval);
            last = next.DataInterval;
        }

        return due;
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);
}
