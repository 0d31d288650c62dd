namespace Baton.Dags;

/// <summary>
/// When a task runs, given the states its upstream tasks ended in (Airflow's trigger rules). "Failed" counts
/// <c>failed</c> and <c>upstream_failed</c>. A task with no upstream task always runs. A task whose rule lets it run
/// after an upstream task did not succeed should not take that task's value: pulling a value that was never pushed
/// fails the task with <see cref="XComs.XComNotFoundException"/>.
/// </summary>
public enum TriggerRule
{
    /// <summary>The default: runs when every upstream task succeeded; <c>upstream_failed</c> as soon as one failed; <c>skipped</c> when one was skipped.</summary>
    AllSuccess,

    /// <summary>Runs when every upstream task failed; skipped if one succeeded or was skipped.</summary>
    AllFailed,

    /// <summary>Runs when every upstream task is done, whatever its state (cleanup work).</summary>
    AllDone,

    /// <summary>Runs when every upstream task was skipped; skipped if one succeeded or failed.</summary>
    AllSkipped,

    /// <summary>Runs as soon as one upstream task succeeded; when all are done without a success, <c>upstream_failed</c> if one failed, else skipped.</summary>
    OneSuccess,

    /// <summary>Runs as soon as one upstream task failed (alerting); skipped when all are done without a failure.</summary>
    OneFailed,

    /// <summary>Runs as soon as one upstream task succeeded or failed; skipped when all were skipped.</summary>
    OneDone,

    /// <summary>Runs when every upstream task is done and none failed (skipped ones are fine); <c>upstream_failed</c> if one failed.</summary>
    NoneFailed,

    /// <summary>Like <see cref="NoneFailed"/>, and at least one upstream task succeeded; skipped when all were skipped.</summary>
    NoneFailedMinOneSuccess,

    /// <summary>Runs when every upstream task is done and none was skipped; skipped if one was.</summary>
    NoneSkipped,

    /// <summary>Runs at once, without waiting for upstream tasks.</summary>
    Always,
}
