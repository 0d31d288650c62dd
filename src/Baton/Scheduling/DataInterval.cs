namespace Baton.Scheduling;

/// <summary>The span of time a DAG run covers, as in Airflow: <c>[Start, End)</c>.</summary>
/// <param name="Start">The start, which is also a scheduled run's logical date.</param>
/// <param name="End">The end; a scheduled run becomes due when this time has passed.</param>
public readonly record struct DataInterval(DateTimeOffset Start, DateTimeOffset End);
