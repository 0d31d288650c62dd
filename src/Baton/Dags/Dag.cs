using Baton.Scheduling;

namespace Baton.Dags;

/// <summary>A loaded, validated DAG: its spec, its timetable and its tasks in an order where each comes after its upstream.</summary>
public sealed class Dag
{
    private readonly Dictionary<string, DagTask> _byId;
    private readonly Dictionary<string, IReadOnlyList<DagTask>> _downstream;

    private Dag(DagSpec spec, Timetable timetable, IReadOnlyList<DagTask> tasks)
    {
        Spec = spec;
        Timetable = timetable;
        Tasks = tasks;
        _byId = tasks.ToDictionary(t => t.TaskId, StringComparer.Ordinal);
        _downstream = tasks.ToDictionary(
            t => t.TaskId,
            t => (IReadOnlyList<DagTask>)tasks.Where(d => d.Upstream.Contains(t)).ToList(),
            StringComparer.Ordinal);
    }

    /// <summary>The DAG's id.</summary>
    public string DagId => Spec.DagId;

    /// <summary>The DAG's properties.</summary>
    public DagSpec Spec { get; }

    /// <summary>The DAG's schedule, parsed.</summary>
    internal Timetable Timetable { get; }

    /// <summary>The tasks, each after all of its upstream tasks.</summary>
    public IReadOnlyList<DagTask> Tasks { get; }

    /// <summary>Returns the task with this id, or null.</summary>
    public DagTask? FindTask(string taskId) => _byId.GetValueOrDefault(taskId);

    /// <summary>The tasks that wait for the given one.</summary>
    public IReadOnlyList<DagTask> DownstreamOf(DagTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return _downstream[task.TaskId];
    }

    /// <summary>Retries of a task: its own setting, else the DAG's.</summary>
    public int RetriesOf(DagTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Retries ?? Spec.Retries;
    }

    /// <summary>Builds and validates a DAG from its definition.</summary>
    /// <exception cref="DagDefinitionException">The DAG is invalid; the message names the DAG and every problem found.</exception>
    public static Dag Load(IDagDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var name = definition.GetType().FullName ?? definition.GetType().Name;
        DagSpec spec;
        try
        {
            spec = definition.Spec;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new DagDefinitionException(name, $"reading Spec of {name} threw {e.GetType().Name}: {e.Message}", e);
        }

        if (spec is null)
        {
            throw new DagDefinitionException(name, [$"{name}.Spec returned null"]);
        }

        var problems = new List<string>();
        if (!DagIds.IsValid(spec.DagId))
        {
            problems.Add($"invalid dag id '{spec.DagId}': {DagIds.Rule}");
        }

        Timetable timetable = Timetable.Parse(null);
        try
        {
            timetable = Timetable.Parse(spec.Schedule);
        }
        catch (FormatException e)
        {
            problems.Add(e.Message);
        }

        if (timetable.CanBeScheduled && spec.StartDate is null)
        {
            problems.Add($"schedule '{spec.Schedule}' needs a StartDate");
        }

        if (spec.MaxActiveRuns < 1)
        {
            problems.Add($"MaxActiveRuns must be at least 1, not {spec.MaxActiveRuns}");
        }

        if (spec.Retries < 0)
        {
            problems.Add($"Retries must not be negative, not {spec.Retries}");
        }

        var builder = new DagBuilder(spec);
        try
        {
            definition.Build(builder);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new DagDefinitionException(spec.DagId, $"Build threw {e.GetType().Name}: {e.Message}", e);
        }
        finally
        {
            builder.Complete();
        }

        problems.AddRange(builder.Problems);
        var ordered = TopologicalOrder(builder.Tasks, problems);
        if (builder.Tasks.Count == 0)
        {
            problems.Add("it has no tasks");
        }

        if (problems.Count > 0)
        {
            throw new DagDefinitionException(spec.DagId, problems);
        }

        return new Dag(spec, timetable, ordered);
    }

    private static List<DagTask> TopologicalOrder(IReadOnlyList<DagTask> tasks, List<string> problems)
    {
        var ordered = new List<DagTask>(tasks.Count);
        var state = new Dictionary<DagTask, int>();
        var path = new Stack<DagTask>();

        foreach (var task in tasks)
        {
            if (!Visit(task))
            {
                return [.. tasks];
            }
        }

        return ordered;

        bool Visit(DagTask task)
        {
            switch (state.GetValueOrDefault(task))
            {
                case 2:
                    return true;
                case 1:
                    var cycle = path.Reverse().SkipWhile(t => t != task).Select(t => t.TaskId).Append(task.TaskId).Reverse();
                    problems.Add($"cycle between tasks: {string.Join(" >> ", cycle)}");
                    return false;
            }

            if (!tasks.Contains(task))
            {
                problems.Add($"task '{task.TaskId}' is used as an upstream but is not part of the DAG");
                return false;
            }

            state[task] = 1;
            path.Push(task);
            foreach (var upstream in task.Upstream)
            {
                if (!Visit(upstream))
                {
                    return false;
                }
            }

            path.Pop();
            state[task] = 2;
            ordered.Add(task);
            return true;
        }
    }
}
