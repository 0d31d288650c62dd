namespace Baton.XComs;

/// <summary>The key of an XCom, as in Airflow: <c>(dag_id, run_id, task_id, map_index, key)</c>.</summary>
/// <param name="DagId">The DAG's id.</param>
/// <param name="RunId">The run's id.</param>
/// <param name="TaskId">The id of the task that pushed the value.</param>
/// <param name="MapIndex">The element of a mapped task, or -1.</param>
/// <param name="Key">The key; a task's return value uses <see cref="ReturnValueKey"/>.</param>
public readonly record struct XComKey(string DagId, string RunId, string TaskId, int MapIndex = -1, string Key = XComKey.ReturnValueKey)
{
    /// <summary>The key under which a task's return value is pushed.</summary>
    public const string ReturnValueKey = "return_value";

    /// <inheritdoc />
    public override string ToString() =>
        $"dag '{DagId}', run '{RunId}', task '{TaskId}'{(MapIndex >= 0 ? $" [map_index {MapIndex}]" : "")}, key '{Key}'";
}
