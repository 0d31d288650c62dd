namespace Baton.Scheduling;

/// <summary>No schedule: the DAG runs only when triggered.</summary>
internal sealed class NullTimetable : Timetable
{
    public override bool CanBeScheduled => false;

    public override string? Summary => null;

    public override DagRunInfo? NextDagRunInfo(DataInterval? lastAutomatedInterval, TimeRestriction restriction, DateTimeOffset now) => null;

    public override DataInterval InferManualDataInterval(DateTimeOffset runAfter) => new(runAfter, runAfter);

    public override IEnumerable<DataInterval> IntervalsBetween(DateTimeOffset rangeStart, DateTimeOffset rangeEnd) => [];
}
