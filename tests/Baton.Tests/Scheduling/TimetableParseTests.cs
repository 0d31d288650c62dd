using System.Globalization;
using Baton.Scheduling;

namespace Baton.Tests.Scheduling;

public sealed class TimetableParseTests
{
    // 2024-01-01 is a Monday, so @weekly (Sundays) first aligns to the 7th.
    [Theory]
    [InlineData("@hourly", "2024-01-01T00:00:00Z", "2024-01-01T01:00:00Z")]
    [InlineData("@daily", "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z")]
    [InlineData("@midnight", "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z")]
    [InlineData("@weekly", "2024-01-07T00:00:00Z", "2024-01-14T00:00:00Z")]
    [InlineData("@monthly", "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z")]
    [InlineData("@yearly", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z")]
    [InlineData("@annually", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z")]
    public void Parse_Preset_GivesAirflowsFirstDataInterval(string preset, string start, string end)
    {
        var timetable = Timetable.Parse(preset);

        var first = timetable.NextDagRunInfo(null, new TimeRestriction(Utc(2024, 1, 1), null, Catchup: true), Utc(2030, 1, 1));

        Assert.True(timetable.CanBeScheduled);
        Assert.Equal(preset, timetable.Summary);
        Assert.NotNull(first);
        Assert.Equal(new DataInterval(Parse(start), Parse(end)), first.DataInterval);
    }

    [Theory]
    [InlineData("@hourly", "2024-03-10T05:30:00Z", "2024-03-10T06:00:00Z")]
    [InlineData("@daily", "2024-03-10T05:00:00Z", "2024-03-11T00:00:00Z")]
    [InlineData("@weekly", "2024-03-11T00:00:00Z", "2024-03-17T00:00:00Z")]
    [InlineData("@monthly", "2024-03-10T00:00:00Z", "2024-04-01T00:00:00Z")]
    [InlineData("@yearly", "2024-03-10T00:00:00Z", "2025-01-01T00:00:00Z")]
    public void Parse_Preset_FollowsTheSameInstantsAsItsCronExpression(string preset, string after, string expectedNextStart)
    {
        var fromPreset = Timetable.Parse(preset);
        var fromCron = Timetable.Parse(Timetable.Presets[preset]);
        var restriction = new TimeRestriction(Parse(after), null, Catchup: true);

        var presetInfo = fromPreset.NextDagRunInfo(null, restriction, Utc(2030, 1, 1));
        var cronInfo = fromCron.NextDagRunInfo(null, restriction, Utc(2030, 1, 1));

        Assert.NotNull(presetInfo);
        Assert.Equal(Parse(expectedNextStart), presetInfo.DataInterval.Start);
        Assert.Equal(cronInfo, presetInfo);
    }

    [Fact]
    public void Parse_FiveFieldCron_CoversOnePeriodBetweenOccurrences()
    {
        // Weekdays at 06:30; a start date on Friday after 06:30 aligns to Monday.
        var timetable = Timetable.Parse("30 6 * * 1-5");

        var first = timetable.NextDagRunInfo(null, new TimeRestriction(Utc(2024, 1, 5, 7, 0), null, Catchup: true), Utc(2030, 1, 1));

        Assert.NotNull(first);
        Assert.Equal(new DataInterval(Utc(2024, 1, 8, 6, 30), Utc(2024, 1, 9, 6, 30)), first.DataInterval);
        Assert.Equal("30 6 * * 1-5", timetable.Summary);
    }

    [Fact]
    public void Parse_SixFieldCron_ReadsTheFirstFieldAsSeconds()
    {
        var timetable = Timetable.Parse("*/15 * * * * *");

        var first = timetable.NextDagRunInfo(null, new TimeRestriction(Utc(2024, 1, 1, 0, 0, 5), null, Catchup: true), Utc(2030, 1, 1));

        Assert.NotNull(first);
        Assert.Equal(new DataInterval(Utc(2024, 1, 1, 0, 0, 15), Utc(2024, 1, 1, 0, 0, 30)), first.DataInterval);
    }

    [Fact]
    public void Parse_Once_GivesATimetableThatCanBeScheduled()
    {
        var timetable = Timetable.Parse("@once");

        Assert.True(timetable.CanBeScheduled);
        Assert.Equal("@once", timetable.Summary);
        Assert.IsType<OnceTimetable>(timetable);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_NoSchedule_GivesATimetableThatIsNeverScheduled(string? schedule)
    {
        var timetable = Timetable.Parse(schedule);

        Assert.False(timetable.CanBeScheduled);
        Assert.Null(timetable.Summary);
        Assert.IsType<NullTimetable>(timetable);
    }

    [Theory]
    [InlineData(" @daily ")]
    [InlineData(" @once ")]
    [InlineData("  0 0 * * *")]
    public void Parse_ScheduleWithSurroundingSpaces_IsAccepted(string schedule)
    {
        var timetable = Timetable.Parse(schedule);

        Assert.True(timetable.CanBeScheduled);
    }

    [Theory]
    [InlineData("@sometimes")]
    [InlineData("@Daily")]
    [InlineData("61 * * * *")]
    [InlineData("* 25 * * *")]
    [InlineData("* * *")]
    [InlineData("* * * * * * *")]
    [InlineData("daily")]
    public void Parse_InvalidSchedule_ThrowsFormatExceptionNamingTheSchedule(string schedule)
    {
        var e = Assert.Throws<FormatException>(() => Timetable.Parse(schedule));

        Assert.Contains($"'{schedule}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CronWithThreeFields_SaysHowManyFieldsItExpects()
    {
        var e = Assert.Throws<FormatException>(() => Timetable.Parse("* * *"));

        Assert.Contains("5 fields", e.Message, StringComparison.Ordinal);
        Assert.Contains("found 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownPreset_ListsTheKnownPresets()
    {
        var e = Assert.Throws<FormatException>(() => Timetable.Parse("@sometimes"));

        Assert.Contains("@daily", e.Message, StringComparison.Ordinal);
        Assert.Contains("@once", e.Message, StringComparison.Ordinal);
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
