using System.Globalization;
using System.Text.Json;
using Baton.Compression;
using Baton.Storage;
using Baton.XComs.Backends;
using Baton.XComs.Pipeline;

namespace Baton.XComs.Objects;

/// <summary>Reads an XCom object straight from its store by its own manifest, without the metadata database (<c>xcom inspect</c>).</summary>
internal sealed class XComObjectInspector
{
    private readonly ObjectStoreResolver _stores;
    private readonly CompressionCodecRegistry _codecs;

    /// <summary>Creates the inspector.</summary>
    public XComObjectInspector(ObjectStoreResolver stores, CompressionCodecRegistry codecs)
    {
        _stores = stores;
        _codecs = codecs;
    }

    /// <summary>
    /// Reads the manifest stored beside the object at <paramref name="location"/> and checks that it describes that object:
    /// the location's last segments must name the manifest's DAG, run, task, map index and key and the object it records.
    /// </summary>
    /// <exception cref="XComObjectNotFoundException">Neither the object's manifest nor the object exists.</exception>
    /// <exception cref="XComManifestMismatchException">The manifest describes another XCom or another object (they were replaced or moved).</exception>
    public async Task<XComObjectManifest> ReadManifestAsync(string location, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        var address = await _stores.ResolveAsync(location + XComObjectManifest.Suffix, cancellationToken).ConfigureAwait(false);
        XComObjectManifest manifest;
        try
        {
            await using var stream = await address.Store.OpenReadAsync(address.Path, cancellationToken).ConfigureAwait(false);
            manifest = await JsonSerializer.DeserializeAsync<XComObjectManifest>(stream, ObjectStorageXComBackend.ManifestJson, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException("the manifest is empty");
        }
        catch (ObjectNotFoundException e)
        {
            throw new XComObjectNotFoundException($"No XCom manifest at '{location}{XComObjectManifest.Suffix}': '{location}' is not an XCom object written by Baton, or it was deleted.", e);
        }
        catch (JsonException e)
        {
            throw new XComCorruptedException($"The XCom manifest at '{location}{XComObjectManifest.Suffix}' is not valid: {e.Message}", e);
        }

        EnsureDescribes(manifest, location);
        return manifest;
    }

    /// <summary>
    /// Objects live at <c>…/{dag_id}/{run_id}/{task_id}/{map_index}/{key}/{object}</c> (ids escaped by <see cref="ObjectKeys.Segment"/>).
    /// Only that tail is compared, not the store's root, so the same object read through another connection or path still reads.
    /// </summary>
    private static void EnsureDescribes(XComObjectManifest manifest, string location)
    {
        string[] described =
        [
            ObjectKeys.Segment(manifest.DagId), ObjectKeys.Segment(manifest.RunId), ObjectKeys.Segment(manifest.TaskId),
            manifest.MapIndex.ToString(CultureInfo.InvariantCulture), ObjectKeys.Segment(manifest.Key),
            manifest.Location[(manifest.Location.LastIndexOf('/') + 1)..],
        ];
        var segments = location.Split('/');
        if (segments.Length > described.Length && segments.AsSpan(segments.Length - described.Length).SequenceEqual(described, StringComparer.Ordinal))
        {
            return;
        }

        throw new XComManifestMismatchException(manifest.ToKey(),
            $"The XCom manifest at '{location}{XComObjectManifest.Suffix}' does not describe the object at '{location}': it describes XCom " +
            $"{manifest.ToKey()} stored at '{manifest.Location}'. The object and its manifest were replaced or moved; nothing was read.");
    }

    /// <summary>Opens the object's serialized bytes at the location its manifest records, decompressed, with its checksum checked when read to the end.</summary>
    public Task<Stream> OpenAsync(XComObjectManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return OpenAsync(manifest, manifest.Location, cancellationToken);
    }

    /// <summary>
    /// Opens the serialized bytes of the object at <paramref name="location"/> (the one its manifest was read from with
    /// <see cref="ReadManifestAsync"/>), decompressed, with the manifest's size and checksum checked when read to the end.
    /// </summary>
    public async Task<Stream> OpenAsync(XComObjectManifest manifest, string location, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentException.ThrowIfNullOrEmpty(location);
        var address = await _stores.ResolveAsync(location, cancellationToken).ConfigureAwait(false);
        Stream stored;
        try
        {
            stored = await address.Store.OpenReadAsync(address.Path, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException e)
        {
            throw new XComObjectNotFoundException(manifest.ToKey(), $"XCom {manifest.ToKey()}: its object '{location}' is missing from the store.", e);
        }

        // Errors name the object that was read, which is the one the user asked for.
        var record = manifest.ToRecord();
        return XComReadPipeline.OpenSerialized(record with { Payload = record.Payload with { Location = location } }, stored, _codecs);
    }
}
