using System.Text.Json.Serialization;

namespace Baton.Web.Api.Dags;

/// <summary>The body of <c>PATCH /dags/{dag_id}</c>.</summary>
internal sealed record DagPatchJson([property: JsonPropertyName("is_paused")] bool IsPaused);
