namespace Baton.Scheduling;

/// <summary>The limits a DAG puts on its automated runs.</summary>
/// <param name="Earliest">The DAG's start date: no interval starts before it.</param>
/// <param name="Latest">The DAG's end date: no interval starts after it.</param>
/// <param name="Catchup">Whether missed intervals are run (true) or skipped to the latest (false).</param>
internal sealed record TimeRestriction(DateTimeOffset? Earliest, DateTimeOffset? Latest, bool Catchup);
