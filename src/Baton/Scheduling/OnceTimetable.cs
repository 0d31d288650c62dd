namespace Baton.Scheduling;

/// <summary><c>@once</c>: one automated run, at the DAG's start date.</summary>
internal sealed class OnceTimetable : Timetable
{
    public override bool CanBeScheduled => true;

    public override string? Summary => "@once";

    public override DagRunInfo? NextDagRunInfo(DataInterval? lastAutomatedInterval, TimeRestriction restriction, DateTimeOffset now)
    {
        if (lastAutomatedInterval is not null || restriction.Earliest is not { } start)
        {
            return null;
        }

        return restriction.Latest is { } latest && start > latest ? null : new DagRunInfo(new DataInterval(start, start), start);
    }

    public override DataInterval InferManualDataInterval(DateTimeOffset runAfter) => new(runAfter, runAfter);

    public override IEnumerable<DataInterval> IntervalsBetween(DateTimeOffset rangeStart, DateTimeOffset rangeEnd) => [new DataInterval(rangeStart, rangeStart)];
}
