using System.Text.Json.Serialization;

namespace Baton.XComs.Objects;

/// <summary>
/// The description stored beside each XCom object (<c>{object}.manifest.json</c>), so the object can be found, checked and
/// read without the metadata database.
/// </summary>
internal sealed record XComObjectManifest
{
    /// <summary>The suffix of manifest objects.</summary>
    public const string Suffix = ".manifest.json";

    /// <summary>The manifest layout's version.</summary>
    [JsonPropertyName("baton_xcom_manifest")]
    public int Version { get; init; } = 1;

    /// <summary>The DAG's id.</summary>
    [JsonPropertyName("dag_id")]
    public required string DagId { get; init; }

    /// <summary>The run's id.</summary>
    [JsonPropertyName("run_id")]
    public required string RunId { get; init; }

    /// <summary>The task's id.</summary>
    [JsonPropertyName("task_id")]
    public required string TaskId { get; init; }

    /// <summary>The map index.</summary>
    [JsonPropertyName("map_index")]
    public int MapIndex { get; init; }

    /// <summary>The XCom key.</summary>
    [JsonPropertyName("key")]
    public required string Key { get; init; }

    /// <summary>The serializer's format name.</summary>
    [JsonPropertyName("format")]
    public required string Format { get; init; }

    /// <summary>The compression.</summary>
    [JsonPropertyName("compression")]
    public required string Compression { get; init; }

    /// <summary>The stored size in bytes.</summary>
    [JsonPropertyName("size")]
    public long Size { get; init; }

    /// <summary>The checksum of the stored bytes.</summary>
    [JsonPropertyName("checksum")]
    public string? Checksum { get; init; }

    /// <summary>When the value was written.</summary>
    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The object's URL.</summary>
    [JsonPropertyName("location")]
    public required string Location { get; init; }

    /// <summary>The XCom key the manifest describes.</summary>
    public XComKey ToKey() => new(DagId, RunId, TaskId, MapIndex, Key);

    /// <summary>A row-like record of the object, for reading it with the read pipeline.</summary>
    public XComRecord ToRecord() => new()
    {
        Key = ToKey(),
        Payload = new XComPayload
        {
            Storage = XComStorage.ObjectStore, Location = Location, Format = Format, Compression = Compression, Size = Size, Checksum = Checksum,
        },
        CreatedAt = CreatedAt,
    };
}
