namespace Baton.Dags;

/// <summary>A task of a DAG: its id, its upstream tasks, whether it is mapped, and its retry and timeout settings.</summary>
public sealed class DagTask
{
    private readonly List<DagTask> _explicitUpstream = [];

    internal DagTask(string taskId, TaskInvoker invoker, Type? outputType, IReadOnlyList<TaskInput> inputs)
    {
        TaskId = taskId;
        Invoker = invoker;
        OutputType = outputType;
        Inputs = inputs;
    }

    /// <summary>The task's id, unique within its DAG.</summary>
    public string TaskId { get; }

    /// <summary>The type the task returns (for a mapped task, the type of one element's result), or null when it returns nothing.</summary>
    public Type? OutputType { get; }

    /// <summary>True when the task runs once per element of an upstream list (dynamic task mapping).</summary>
    public bool IsMapped => Inputs.Any(i => i.MapOver);

    /// <summary>Retries after the first try; null to use the DAG's default.</summary>
    public int? Retries { get; internal set; }

    /// <summary>The delay before a retry; null to use the DAG's default.</summary>
    public TimeSpan? RetryDelay { get; internal set; }

    /// <summary>The limit on one try; null to use the DAG's default.</summary>
    public TimeSpan? ExecutionTimeout { get; internal set; }

    /// <summary>When the task runs given its upstream tasks' states; <see cref="TriggerRule.AllSuccess"/> unless set.</summary>
    public TriggerRule TriggerRule { get; internal set; } = TriggerRule.AllSuccess;

    /// <summary>The ids of the tasks this one waits for: those whose values it takes and those it was ordered after.</summary>
    public IReadOnlyList<string> UpstreamTaskIds =>
        Inputs.Select(i => i.Upstream).Concat(_explicitUpstream).Select(t => t.TaskId).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The task class an instance of which runs each try (<see cref="DagBuilder.With{TTasks}"/>), or null.</summary>
    public Type? TaskClass { get; internal init; }

    internal IReadOnlyList<TaskInput> Inputs { get; }

    internal TaskInvoker Invoker { get; }

    internal IEnumerable<DagTask> Upstream => Inputs.Select(i => i.Upstream).Concat(_explicitUpstream).Distinct();

    internal void AddUpstream(DagTask upstream)
    {
        if (!_explicitUpstream.Contains(upstream))
        {
            _explicitUpstream.Add(upstream);
        }
    }
}
