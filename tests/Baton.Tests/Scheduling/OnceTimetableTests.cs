using Baton.Scheduling;

namespace Baton.Tests.Scheduling;

public sealed class OnceTimetableTests
{
    private static readonly Timetable Once = Timetable.Parse("@once");

    [Fact]
    public void NextDagRunInfo_NoRunYet_GivesOneRunAtTheStartDate()
    {
        var start = new DateTimeOffset(2022, 12, 20, 9, 30, 0, TimeSpan.Zero);

        var info = Once.NextDagRunInfo(null, new TimeRestriction(start, null, Catchup: false), start.AddYears(4));

        Assert.NotNull(info);
        Assert.Equal(new DataInterval(start, start), info.DataInterval);
        Assert.Equal(start, info.LogicalDate);
        Assert.Equal(start, info.RunAfter);
    }

    [Fact]
    public void NextDagRunInfo_AfterItsRun_GivesNothing()
    {
        var start = new DateTimeOffset(2022, 12, 20, 0, 0, 0, TimeSpan.Zero);

        var info = Once.NextDagRunInfo(new DataInterval(start, start), new TimeRestriction(start, null, Catchup: true), start.AddYears(4));

        Assert.Null(info);
    }

    [Fact]
    public void NextDagRunInfo_WithoutStartDate_GivesNothing()
    {
        var info = Once.NextDagRunInfo(null, new TimeRestriction(null, null, Catchup: true), DateTimeOffset.UnixEpoch);

        Assert.Null(info);
    }

    [Fact]
    public void NextDagRunInfo_StartDateAfterEndDate_GivesNothing()
    {
        var start = new DateTimeOffset(2022, 12, 20, 0, 0, 0, TimeSpan.Zero);

        var info = Once.NextDagRunInfo(null, new TimeRestriction(start, start.AddDays(-1), Catchup: true), start.AddYears(4));

        Assert.Null(info);
    }

    [Fact]
    public void InferManualDataInterval_IsTheTriggerInstant()
    {
        var at = new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DataInterval(at, at), Once.InferManualDataInterval(at));
    }
}
