using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Baton.XComs;

namespace Baton.Web.Api.XComs;

/// <summary>
/// An XCom entry (Airflow's <c>XComCollectionItem</c>/<c>XCom</c>) with where and how it is stored. A single entry also
/// carries its value: JSON as <c>value</c>, a table as <c>table</c> (schema and first rows), otherwise a <c>note</c>
/// and the <c>download</c> path of its bytes.
/// </summary>
internal sealed record XComEntryJson
{
    [JsonPropertyName("dag_id")]
    public required string DagId { get; init; }

    [JsonPropertyName("dag_run_id")]
    public required string DagRunId { get; init; }

    [JsonPropertyName("task_id")]
    public required string TaskId { get; init; }

    [JsonPropertyName("map_index")]
    public int MapIndex { get; init; }

    [JsonPropertyName("key")]
    public required string Key { get; init; }

    /// <summary>When the value was pushed.</summary>
    [JsonPropertyName("timestamp")]
    public DateTimeOffset Timestamp { get; init; }

    /// <summary><c>inline</c> (in the database) or <c>object</c> (in a store, at <see cref="Location"/>).</summary>
    [JsonPropertyName("storage")]
    public required string Storage { get; init; }

    /// <summary>Stored bytes (after compression).</summary>
    [JsonPropertyName("size")]
    public long Size { get; init; }

    [JsonPropertyName("format")]
    public required string Format { get; init; }

    [JsonPropertyName("compression")]
    public required string Compression { get; init; }

    [JsonPropertyName("location")]
    public string? Location { get; init; }

    [JsonPropertyName("checksum")]
    public string? Checksum { get; init; }

    [JsonPropertyName("value")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonNode? Value { get; init; }

    [JsonPropertyName("table")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public XComTableJson? Table { get; init; }

    /// <summary>Why the value is not shown inline (binary, too large), when it is not.</summary>
    [JsonPropertyName("note")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Note { get; init; }

    /// <summary>The API path that streams the value's bytes as a download.</summary>
    [JsonPropertyName("download")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Download { get; init; }

    public static XComEntryJson From(XComRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var payload = record.Payload;
        return new XComEntryJson
        {
            DagId = record.Key.DagId, DagRunId = record.Key.RunId, TaskId = record.Key.TaskId, MapIndex = record.Key.MapIndex, Key = record.Key.Key,
            Timestamp = record.CreatedAt, Storage = payload.Storage == XComStorage.Inline ? "inline" : "object", Size = payload.Size, Format = payload.Format,
            Compression = payload.Compression, Location = payload.Location, Checksum = payload.Checksum,
        };
    }
}
