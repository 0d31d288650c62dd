using System.Text.RegularExpressions;

namespace Baton.Dags;

/// <summary>
/// Declares a DAG's tasks. Each <c>Task</c> call returns a handle; passing a handle to a later task passes the value it
/// returns, checked by the compiler. <c>Map</c> runs a task once per element of an upstream list.
/// </summary>
public sealed partial class DagBuilder
{
    private readonly List<DagTask> _tasks = [];
    private readonly List<string> _problems = [];

    internal DagBuilder(DagSpec spec)
    {
        Spec = spec;
    }

    /// <summary>The DAG being built.</summary>
    public DagSpec Spec { get; }

    internal IReadOnlyList<DagTask> Tasks => _tasks;

    internal IReadOnlyList<string> Problems => _problems;

    /// <summary>True once the DAG's Build method has returned: its tasks can no longer be wired.</summary>
    internal bool IsBuilt { get; private set; }

    /// <summary>Orders the tasks one after another: <c>Chain(a, b, c)</c> is <c>a &gt;&gt; b &gt;&gt; c</c>.</summary>
    public void Chain(params TaskHandle[] tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        for (var i = 1; i < tasks.Length; i++)
        {
            CheckSameDag(tasks[i - 1], tasks[i].TaskId);
            tasks[i].DependsOn(tasks[i - 1]);
        }
    }

    internal void Complete() => IsBuilt = true;

    internal void CheckSameDag(TaskHandle handle, string taskId)
    {
        var problem = $"task '{taskId}' depends on task '{handle.TaskId}' of another DAG";
        if (!ReferenceEquals(handle.Owner, this) && !_problems.Contains(problem))
        {
            _problems.Add(problem);
        }
    }

    /// <summary>
    /// Declares tasks that are methods of <typeparamref name="TTasks"/>, a class whose constructor takes services: an
    /// instance is built for each try in a scope of its own and disposed after it. See <see cref="TaskClassBuilder{TTasks}"/>.
    /// </summary>
    /// <typeparam name="TTasks">The task class.</typeparam>
    public TaskClassBuilder<TTasks> With<TTasks>() where TTasks : class => new(this);

    internal XComArg<TOut> AddValueTask<TOut>(string taskId, Type taskClass, TaskInvoker invoker, params TaskInput[] inputs) =>
        new(this, Add(taskId, invoker, typeof(TOut), inputs, taskClass));

    internal TaskHandle AddVoidTask(string taskId, Type taskClass, TaskInvoker invoker, params TaskInput[] inputs) =>
        new(this, Add(taskId, invoker, null, inputs, taskClass));

    private XComArg<TOut> AddValueTask<TOut>(string taskId, TaskInvoker invoker, params TaskInput[] inputs) =>
        new(this, Add(taskId, invoker, typeof(TOut), inputs, null));

    private XComArg<IReadOnlyList<TOut>> AddMappedValueTask<TOut>(string taskId, TaskInvoker invoker, params TaskInput[] inputs) =>
        new(this, Add(taskId, invoker, typeof(TOut), inputs, null));

    private TaskHandle AddVoidTask(string taskId, TaskInvoker invoker, params TaskInput[] inputs) =>
        new(this, Add(taskId, invoker, null, inputs, null));

    private DagTask Add(string taskId, TaskInvoker invoker, Type? outputType, TaskInput[] inputs, Type? taskClass)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        var task = new DagTask(taskId, invoker, outputType, inputs) { TaskClass = taskClass };
        if (!DagIds.IsValid(taskId))
        {
            _problems.Add($"invalid task id '{taskId}': {DagIds.Rule}");
        }
        else if (_tasks.Any(t => t.TaskId == taskId))
        {
            _problems.Add($"duplicate task id '{taskId}'");
            return task;
        }

        _tasks.Add(task);
        return task;
    }

    internal TaskInput In<T>(IXComArg<T> argument, string taskId)
    {
        ArgumentNullException.ThrowIfNull(argument);
        CheckSameDag(argument.Producer, taskId);
        return new TaskInput(argument.Producer.Task, typeof(T), MapOver: false);
    }

    private TaskInput Over<TItem>(IXComArg<IEnumerable<TItem>> argument, string taskId)
    {
        ArgumentNullException.ThrowIfNull(argument);
        CheckSameDag(argument.Producer, taskId);
        return new TaskInput(argument.Producer.Task, typeof(TItem), MapOver: true);
    }

    private static T Arg<T>(object?[] arguments, int index) => arguments[index] is { } value ? (T)value : default!;

    private static async Task<object?> Box<T>(Task<T> task) => await task.ConfigureAwait(false);

    private static async Task<object?> Done(Task task)
    {
        await task.ConfigureAwait(false);
        return null;
    }
}

/// <summary>The rule for DAG and task ids: Airflow's.</summary>
internal static partial class DagIds
{
    public const string Rule = "use 1 to 250 letters, digits, '_', '-' or '.' (not '.' or '..' alone)";

    public static bool IsValid(string? id) => id is { Length: > 0 and <= 250 } and not ("." or "..") && Pattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex Pattern();
}
