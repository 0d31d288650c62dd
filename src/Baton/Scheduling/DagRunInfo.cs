namespace Baton.Scheduling;

/// <summary>A run the timetable wants: its data interval and the earliest time it may start.</summary>
/// <param name="DataInterval">The data interval.</param>
/// <param name="RunAfter">The time from which the run is due (the end of the interval; for <c>@once</c>, the start date).</param>
internal sealed record DagRunInfo(DataInterval DataInterval, DateTimeOffset RunAfter)
{
    /// <summary>The run's logical date: the start of its data interval.</summary>
    public DateTimeOffset LogicalDate => DataInterval.Start;
}
