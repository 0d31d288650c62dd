using System.Text.Json.Serialization;

namespace Baton.Web.Api.Dags;

/// <summary>A DAG's tasks, each after its upstream tasks.</summary>
internal sealed record TaskCollectionJson(
    [property: JsonPropertyName("tasks")] IReadOnlyList<TaskJson> Tasks,
    [property: JsonPropertyName("total_entries")] long TotalEntries);
