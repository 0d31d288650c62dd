using Baton.Metadata;

namespace Baton.Runs;

/// <summary>The task instances of one run in memory, indexed by task id and map index.</summary>
internal sealed class RunInstances
{
    private readonly Dictionary<string, SortedDictionary<int, TaskInstanceRecord>> _byTask = new(StringComparer.Ordinal);

    public RunInstances(IEnumerable<TaskInstanceRecord> instances)
    {
        foreach (var instance in instances)
        {
            Set(instance);
        }
    }

    public IEnumerable<TaskInstanceRecord> All => _byTask.Values.SelectMany(t => t.Values);

    public IReadOnlyCollection<TaskInstanceRecord> Of(string taskId) =>
        _byTask.TryGetValue(taskId, out var instances) ? instances.Values : [];

    public void Set(TaskInstanceRecord instance)
    {
        if (!_byTask.TryGetValue(instance.TaskId, out var instances))
        {
            instances = [];
            _byTask[instance.TaskId] = instances;
        }

        instances[instance.MapIndex] = instance;
    }

    public void Remove(string taskId, int mapIndex)
    {
        if (_byTask.TryGetValue(taskId, out var instances))
        {
            instances.Remove(mapIndex);
        }
    }
}
