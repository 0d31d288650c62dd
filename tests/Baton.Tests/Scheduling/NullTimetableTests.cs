using Baton.Scheduling;

namespace Baton.Tests.Scheduling;

public sealed class NullTimetableTests
{
    private static readonly Timetable None = Timetable.Parse(null);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void NextDagRunInfo_NoSchedule_GivesNoRunEvenWithAStartDate(bool catchup)
    {
        var start = new DateTimeOffset(2022, 12, 20, 0, 0, 0, TimeSpan.Zero);

        var info = None.NextDagRunInfo(null, new TimeRestriction(start, null, catchup), start.AddYears(4));

        Assert.Null(info);
    }

    [Fact]
    public void IntervalsBetween_NoSchedule_IsEmpty()
    {
        var start = new DateTimeOffset(2022, 12, 20, 0, 0, 0, TimeSpan.Zero);

        Assert.Empty(None.IntervalsBetween(start, start.AddDays(10)));
    }

    [Fact]
    public void InferManualDataInterval_NoSchedule_IsTheTriggerInstant()
    {
        var at = new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DataInterval(at, at), None.InferManualDataInterval(at));
    }
}
