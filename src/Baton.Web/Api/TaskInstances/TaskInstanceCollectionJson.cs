using System.Text.Json.Serialization;

namespace Baton.Web.Api.TaskInstances;

/// <summary>One page of task instances, by task id and map index.</summary>
internal sealed record TaskInstanceCollectionJson(
    [property: JsonPropertyName("task_instances")] IReadOnlyList<TaskInstanceJson> TaskInstances,
    [property: JsonPropertyName("total_entries")] long TotalEntries);
