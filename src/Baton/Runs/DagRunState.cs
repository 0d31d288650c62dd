namespace Baton.Runs;

/// <summary>The state of a DAG run, as in Airflow.</summary>
public enum DagRunState
{
    /// <summary>Created; waits until the DAG has fewer active runs than its limit.</summary>
    Queued,
    /// <summary>Its task instances are being scheduled and run.</summary>
    Running,
    /// <summary>Every task instance succeeded or was skipped.</summary>
    Success,
    /// <summary>At least one task instance failed or could not run.</summary>
    Failed,
}
