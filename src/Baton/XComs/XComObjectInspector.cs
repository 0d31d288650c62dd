using System.Text.Json;
using Baton.Compression;
using Baton.Storage;
using Baton.XComs.Pipeline;

namespace Baton.XComs;

/// <summary>Reads an XCom object straight from its store by its own manifest, without the metadata database (<c>xcom inspect</c>).</summary>
public sealed class XComObjectInspector
{
    private readonly ObjectStoreResolver _stores;
    private readonly CompressionCodecRegistry _codecs;

    /// <summary>Creates the inspector.</summary>
    public XComObjectInspector(ObjectStoreResolver stores, CompressionCodecRegistry codecs)
    {
        _stores = stores;
        _codecs = codecs;
    }

    /// <summary>Reads the manifest stored beside the object at <paramref name="location"/>.</summary>
    /// <exception cref="XComObjectNotFoundException">Neither the object's manifest nor the object exists.</exception>
    public async Task<XComObjectManifest> ReadManifestAsync(string location, CancellationToken cancellationToken = default)
    {
        var address = await _stores.ResolveAsync(location + XComObjectManifest.Suffix, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var stream = await address.Store.OpenReadAsync(address.Path, cancellationToken).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync<XComObjectManifest>(stream, ObjectStorageXComBackend.ManifestJson, cancellationToken).ConfigureAwait(false)
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
    }

    /// <summary>Opens the object's serialized bytes, decompressed, with its checksum checked when read to the end.</summary>
    public async Task<Stream> OpenAsync(XComObjectManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var address = await _stores.ResolveAsync(manifest.Location, cancellationToken).ConfigureAwait(false);
        Stream stored;
        try
        {
            stored = await address.Store.OpenReadAsync(address.Path, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException e)
        {
            throw new XComObjectNotFoundException(manifest.ToKey(), $"XCom {manifest.ToKey()}: its object '{manifest.Location}' is missing from the store.", e);
        }

        return XComReadPipeline.OpenSerialized(manifest.ToRecord(), stored, _codecs);
    }
}
