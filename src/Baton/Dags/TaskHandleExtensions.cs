namespace Baton.Dags;

/// <summary>Per-task settings that override the DAG's defaults, written fluently after wiring a task.</summary>
public static class TaskHandleExtensions
{
    /// <summary>Sets how many times the task is retried after a failed first try.</summary>
    public static THandle WithRetries<THandle>(this THandle handle, int retries) where THandle : TaskHandle
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentOutOfRangeException.ThrowIfNegative(retries);
        handle.Task.Retries = retries;
        return handle;
    }

    /// <summary>Sets the delay before each retry.</summary>
    public static THandle WithRetryDelay<THandle>(this THandle handle, TimeSpan delay) where THandle : TaskHandle
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        handle.Task.RetryDelay = delay;
        return handle;
    }

    /// <summary>Sets how long one try may run before it is cancelled and counted as failed.</summary>
    public static THandle WithExecutionTimeout<THandle>(this THandle handle, TimeSpan timeout) where THandle : TaskHandle
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        handle.Task.ExecutionTimeout = timeout;
        return handle;
    }

    /// <summary>Sets when the task runs given its upstream tasks' states (Airflow's <c>trigger_rule</c>).</summary>
    public static THandle WithTriggerRule<THandle>(this THandle handle, TriggerRule rule) where THandle : TaskHandle
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!Enum.IsDefined(rule))
        {
            throw new ArgumentOutOfRangeException(nameof(rule), rule, "not a trigger rule");
        }

        handle.Task.TriggerRule = rule;
        return handle;
    }
}
