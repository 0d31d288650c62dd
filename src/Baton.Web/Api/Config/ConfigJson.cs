using System.Text.Json.Serialization;

namespace Baton.Web.Api.Config;

/// <summary>The effective settings by section (Airflow's <c>Config</c>), secrets masked as <c>config list</c> masks them.</summary>
internal sealed record ConfigJson([property: JsonPropertyName("sections")] IReadOnlyList<ConfigSectionJson> Sections);
