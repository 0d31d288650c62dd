namespace Baton.Runs;

/// <summary>The state of one task instance, as in Airflow.</summary>
public enum TaskInstanceState
{
    /// <summary>Created, not yet considered by the scheduler.</summary>
    None,
    /// <summary>Its dependencies are met; waiting for an executor slot.</summary>
    Scheduled,
    /// <summary>Handed to the executor.</summary>
    Queued,
    /// <summary>A try is running.</summary>
    Running,
    /// <summary>Finished without error.</summary>
    Success,
    /// <summary>Failed and has no tries left.</summary>
    Failed,
    /// <summary>Failed, and will be retried after the retry delay.</summary>
    UpForRetry,
    /// <summary>Not run because an upstream task failed.</summary>
    UpstreamFailed,
    /// <summary>Not run (an upstream was skipped, or a mapped task had nothing to map over).</summary>
    Skipped,
}
