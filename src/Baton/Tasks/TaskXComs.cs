using Baton.XComs;

namespace Baton.Tasks;

/// <summary>XCom access for a running task: push under a key of its own, pull any task's values of the same run.</summary>
public sealed class TaskXComs
{
    private readonly XComService _xcoms;
    private readonly string _dagId;
    private readonly string _runId;
    private readonly string _taskId;
    private readonly int _mapIndex;

    internal TaskXComs(XComService xcoms, string dagId, string runId, string taskId, int mapIndex)
    {
        _xcoms = xcoms;
        _dagId = dagId;
        _runId = runId;
        _taskId = taskId;
        _mapIndex = mapIndex;
    }

    /// <summary>Pushes a value under <paramref name="key"/> for this task instance, replacing an earlier one.</summary>
    public Task PushAsync<T>(string key, T value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _xcoms.PushAsync(new XComKey(_dagId, _runId, _taskId, _mapIndex, key), value, typeof(T), cancellationToken);
    }

    /// <summary>Pulls a value of this run into <typeparamref name="T"/>.</summary>
    /// <param name="taskId">The task that pushed it.</param>
    /// <param name="key">The key; a task's return value by default.</param>
    /// <param name="mapIndex">The element of a mapped task, or -1.</param>
    /// <param name="cancellationToken">Cancels the pull.</param>
    /// <exception cref="XComNotFoundException">Nothing is stored under that key.</exception>
    /// <exception cref="XComTypeMismatchException">The value cannot be read as <typeparamref name="T"/>.</exception>
    public Task<T> PullAsync<T>(string taskId, string key = XComKey.ReturnValueKey, int mapIndex = -1, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        return _xcoms.PullAsync<T>(new XComKey(_dagId, _runId, taskId, mapIndex, key), cancellationToken);
    }

    /// <summary>Pulls the same key from several tasks, in the order given.</summary>
    public async Task<IReadOnlyList<T>> PullManyAsync<T>(IEnumerable<string> taskIds, string key = XComKey.ReturnValueKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(taskIds);
        var values = new List<T>();
        foreach (var taskId in taskIds)
        {
            values.Add(await PullAsync<T>(taskId, key, -1, cancellationToken).ConfigureAwait(false));
        }

        return values;
    }

    /// <summary>Pulls the values of every instance of a mapped task, in map_index order.</summary>
    public async Task<IReadOnlyList<T>> PullMappedAsync<T>(string taskId, string key = XComKey.ReturnValueKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        var rows = await _xcoms.ListAsync(new XComFilter { DagId = _dagId, RunId = _runId, TaskId = taskId, Key = key }, cancellationToken).ConfigureAwait(false);
        var values = new List<T>(rows.Count);
        foreach (var row in rows.Where(r => r.Key.MapIndex >= 0).OrderBy(r => r.Key.MapIndex))
        {
            values.Add((T)(await _xcoms.ReadAsync(row, typeof(T), cancellationToken).ConfigureAwait(false))!);
        }

        return values;
    }
}
