namespace Baton.Runs;

/// <summary>Why a DAG run exists; the prefix of generated run ids.</summary>
public enum DagRunType
{
    /// <summary>Triggered by a user (<c>dags trigger</c>, <c>dags test</c>).</summary>
    Manual,
    /// <summary>Created by the scheduler from the DAG's schedule.</summary>
    Scheduled,
    /// <summary>Created by <c>dags backfill</c>.</summary>
    Backfill,
}
