namespace Baton.Dags;

/// <summary>
/// A task wired into a DAG. Use <c>a &gt;&gt; b</c> (or <see cref="DependsOn"/>) to order tasks that pass no data.
/// </summary>
public class TaskHandle
{
    internal TaskHandle(DagBuilder owner, DagTask task)
    {
        Owner = owner;
        Task = task;
    }

    /// <summary>The task's id.</summary>
    public string TaskId => Task.TaskId;

    internal DagBuilder Owner { get; }

    internal DagTask Task { get; }

    /// <summary>Makes this task wait for the given tasks; returns this task.</summary>
    public TaskHandle DependsOn(params TaskHandle[] upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        if (Owner.IsBuilt)
        {
            // A handle that leaked out of another DAG's Build: wiring it would change a DAG that is already loaded.
            throw new InvalidOperationException(
                $"task '{TaskId}' belongs to DAG '{Owner.Spec.DagId}', which is already built; a task can only be wired to tasks of its own DAG");
        }

        foreach (var u in upstream)
        {
            Owner.CheckSameDag(u, TaskId);
            Task.AddUpstream(u.Task);
        }

        return this;
    }

    /// <summary>Orders <paramref name="downstream"/> after <paramref name="upstream"/> (Airflow's <c>upstream &gt;&gt; downstream</c>); returns the downstream task so chains read left to right.</summary>
    public static TaskHandle operator >>(TaskHandle upstream, TaskHandle downstream)
    {
        ArgumentNullException.ThrowIfNull(downstream);
        downstream.DependsOn(upstream);
        return downstream;
    }

    /// <summary>Orders <paramref name="downstream"/> after <paramref name="upstream"/> (Airflow's <c>downstream &lt;&lt; upstream</c>); returns the upstream task.</summary>
    public static TaskHandle operator <<(TaskHandle downstream, TaskHandle upstream)
    {
        ArgumentNullException.ThrowIfNull(downstream);
        downstream.DependsOn(upstream);
        return upstream;
    }

    /// <summary>Named alternative to <c>&gt;&gt;</c>: orders <paramref name="downstream"/> after this task and returns it.</summary>
    public TaskHandle Then(TaskHandle downstream) => this >> downstream;

    /// <summary>Named alternative to <c>&lt;&lt;</c>.</summary>
    public TaskHandle LeftShift(TaskHandle upstream) => this << upstream;

    /// <summary>Named alternative to <c>&gt;&gt;</c>.</summary>
    public TaskHandle RightShift(TaskHandle downstream) => this >> downstream;
}
