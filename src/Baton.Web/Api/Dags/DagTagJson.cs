using System.Text.Json.Serialization;

namespace Baton.Web.Api.Dags;

/// <summary>A DAG's tag, as Airflow writes tags: <c>{"name": "etl"}</c>.</summary>
internal sealed record DagTagJson([property: JsonPropertyName("name")] string Name);
