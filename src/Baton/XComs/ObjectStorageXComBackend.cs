using System.Globalization;
using System.Text.Json;
using Baton.Compression;
using Baton.Configuration;
using Baton.Serialization;
using Baton.Storage;
using Baton.XComs.Pipeline;
using Microsoft.Extensions.Options;

namespace Baton.XComs;

/// <summary>
/// The object-storage backend (<c>BATON__XCOM__BACKEND=objectstorage</c>): a value whose stored size reaches
/// <c>BATON__XCOM__THRESHOLD</c> streams to the store at <c>BATON__XCOM__PATH</c> under
/// <c>{prefix}/{dag_id}/{run_id}/{task_id}/{map_index}/{key}/{unique}.{ext}</c> with a manifest beside it; the row keeps its
/// location, format, compression, size and checksum. Smaller values stay inline.
/// </summary>
public class ObjectStorageXComBackend : XComBackend, IOrphanSweeper
{
    private readonly XComSerializerRegistry _serializers;
    private readonly CompressionCodecRegistry _codecs;
    private readonly ObjectStoreResolver _stores;
    private readonly XComOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _openingLock = new();
    private Task<ObjectStoreAddress>? _opening;
    private ObjectStoreAddress? _home;

    /// <summary>Creates the backend; the store is opened on first use.</summary>
    public ObjectStorageXComBackend(XComSerializerRegistry serializers, CompressionCodecRegistry codecs, ObjectStoreResolver stores, IOptions<XComOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _serializers = serializers;
        _codecs = codecs;
        _stores = stores;
        _options = options.Value;
        _timeProvider = timeProvider;
    }

    /// <summary>The store values go to, once opened (<see cref="OpenStoreAsync"/>).</summary>
    public IObjectStore Store => (_home ?? throw new InvalidOperationException("the store is opened by OpenStoreAsync")).Store;

    /// <summary>The key prefix inside the store (may be empty).</summary>
    public string Prefix => (_home ?? throw new InvalidOperationException("the store is opened by OpenStoreAsync")).Path.Trim('/');

    /// <summary>Opens the store at <c>BATON__XCOM__PATH</c> (once; a failed open is tried again on the next call).</summary>
    /// <exception cref="BatonConfigurationException">The path is missing or malformed, or names an unknown connection.</exception>
    public Task<ObjectStoreAddress> OpenStoreAsync(CancellationToken cancellationToken = default)
    {
        lock (_openingLock)
        {
            if (_opening is null || _opening.IsFaulted || _opening.IsCanceled)
            {
                _opening = OpenCoreAsync(cancellationToken);
            }

            return _opening;
        }
    }

    private async Task<ObjectStoreAddress> OpenCoreAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_options.Path))
        {
            throw new BatonConfigurationException(
                "BATON__XCOM__PATH must be set when BATON__XCOM__BACKEND=objectstorage, e.g. file:///var/baton/xcom or s3://conn_id@bucket/prefix.");
        }

        // The trailing slash says "a directory or prefix", not an object.
        var home = await _stores.ResolveAsync(_options.Path.TrimEnd('/') + "/", cancellationToken).ConfigureAwait(false);
        _home = home;
        return home;
    }

    /// <inheritdoc />
    public override async ValueTask<XComPayload> SerializeValueAsync(XComKey key, object? value, Type valueType, CancellationToken cancellationToken = default)
    {
        await OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        var serializer = _serializers.ForType(valueType);
        var codec = XComCodecs.Configured(_codecs, _options);
        var objectKey = ObjectKeyFor(key, serializer, codec);
        var target = _options.Threshold < 0 ? null : new XComWritePipeline.ObjectTarget(Store, objectKey, MetadataFor(key, serializer, codec));
        var payload = await XComWritePipeline.WriteAsync(key, value, valueType, serializer, codec, _options.Threshold, _options.MaxInlineSize, target, cancellationToken).ConfigureAwait(false);
        if (payload.Storage == XComStorage.ObjectStore)
        {
            var manifest = new XComObjectManifest
            {
                DagId = key.DagId, RunId = key.RunId, TaskId = key.TaskId, MapIndex = key.MapIndex, Key = key.Key, Format = payload.Format,
                Compression = payload.Compression, Size = payload.Size, Checksum = payload.Checksum, CreatedAt = _timeProvider.GetUtcNow(), Location = payload.Location!,
            };
            try
            {
                using var manifestStream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJson));
                await Store.PutAsync(objectKey + XComObjectManifest.Suffix, manifestStream, new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ObjectStoreException or OperationCanceledException)
            {
                try
                {
                    await Store.DeleteManyAsync([objectKey, objectKey + XComObjectManifest.Suffix], CancellationToken.None).ConfigureAwait(false);
                }
                catch (ObjectStoreException)
                {
                    // As in ObjectUpload.AbortAsync: a failed clean-up must not hide why the manifest write failed; the sweep removes orphans.
                }

                throw;
            }
        }

        return payload;
    }

    /// <inheritdoc />
    public override async ValueTask<object?> DeserializeValueAsync(XComRecord record, Type targetType, CancellationToken cancellationToken = default)
    {
        var stored = await OpenStoredAsync(record, cancellationToken).ConfigureAwait(false);
        return await XComReadPipeline.ReadAsync(record, stored, _serializers, _codecs, targetType, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async ValueTask<Stream> OpenSerializedAsync(XComRecord record, CancellationToken cancellationToken = default) =>
        XComReadPipeline.OpenSerialized(record, await OpenStoredAsync(record, cancellationToken).ConfigureAwait(false), _codecs);

    /// <inheritdoc />
    public override async ValueTask PurgeAsync(XComRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Payload is { Storage: XComStorage.ObjectStore, Location: { } location })
        {
            var address = await LocateAsync(location, cancellationToken).ConfigureAwait(false);
            await address.Store.DeleteManyAsync([address.Path, address.Path + XComObjectManifest.Suffix], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override string DescribeValue(XComRecord record) => DatabaseXComBackend.InlinePreview(record) ?? base.DescribeValue(record);

    /// <inheritdoc />
    public async Task<SweepReport> SweepAsync(Func<string, bool> isReferenced, TimeSpan grace, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(isReferenced);
        await OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        var cutoff = _timeProvider.GetUtcNow() - grace;
        var listed = new List<ObjectInfo>();
        await foreach (var info in Store.ListAsync(Prefix.Length == 0 ? "" : Prefix + "/", cancellationToken).ConfigureAwait(false))
        {
            listed.Add(info);
        }

        var dataKeys = listed.Where(o => !o.Key.EndsWith(XComObjectManifest.Suffix, StringComparison.Ordinal)).ToDictionary(o => o.Key, StringComparer.Ordinal);
        var deleted = new List<string>();
        var young = new List<string>();
        var referenced = 0;
        var toDelete = new List<string>();
        foreach (var info in dataKeys.Values.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            var location = ObjectKeys.Join(Store.Root, info.Key);
            if (isReferenced(location))
            {
                referenced++;
            }
            else if (info.LastModified > cutoff)
            {
                young.Add(location);
            }
            else
            {
                deleted.Add(location);
                toDelete.Add(info.Key);
                toDelete.Add(info.Key + XComObjectManifest.Suffix);
            }
        }

        // A manifest whose object is gone (a crash between deleting the two) is an orphan too.
        foreach (var manifest in listed.Where(o => o.Key.EndsWith(XComObjectManifest.Suffix, StringComparison.Ordinal) && o.LastModified <= cutoff))
        {
            if (!dataKeys.ContainsKey(manifest.Key[..^XComObjectManifest.Suffix.Length]))
            {
                deleted.Add(ObjectKeys.Join(Store.Root, manifest.Key));
                toDelete.Add(manifest.Key);
            }
        }

        if (!dryRun && toDelete.Count > 0)
        {
            await Store.DeleteManyAsync(toDelete, cancellationToken).ConfigureAwait(false);
        }

        return new SweepReport(dataKeys.Count, referenced, deleted, young, dryRun);
    }

    /// <summary>The store and key of a location: under this backend's store, or any store a provider opens.</summary>
    protected async ValueTask<ObjectStoreAddress> LocateAsync(string location, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        var home = await OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        var root = home.Store.Root + "/";
        return location.StartsWith(root, StringComparison.Ordinal)
            ? new ObjectStoreAddress(home.Store, location[root.Length..])
            : await _stores.ResolveAsync(location, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Stream> OpenStoredAsync(XComRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Payload is { Storage: XComStorage.Inline, Value: { } bytes })
        {
            return new MemoryStream(bytes, writable: false);
        }

        var location = record.Payload.Location ?? throw new XComObjectNotFoundException(record.Key, $"XCom {record.Key} is an object with no location.");
        var address = await LocateAsync(location, cancellationToken).ConfigureAwait(false);
        try
        {
            return await address.Store.OpenReadAsync(address.Path, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException e)
        {
            throw new XComObjectNotFoundException(record.Key, $"XCom {record.Key}: its object '{location}' is missing from the store.", e);
        }
    }

    private string ObjectKeyFor(XComKey key, IXComSerializer serializer, ICompressionCodec codec)
    {
        var extension = serializer.FileExtension + (codec.FileExtension.Length > 0 ? "." + codec.FileExtension : "");
        var unique = $"{_timeProvider.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}.{extension}";
        return ObjectKeys.Combine(Prefix, ObjectKeys.Segment(key.DagId), ObjectKeys.Segment(key.RunId), ObjectKeys.Segment(key.TaskId),
            key.MapIndex.ToString(CultureInfo.InvariantCulture), ObjectKeys.Segment(key.Key), unique);
    }

    private static Dictionary<string, string> MetadataFor(XComKey key, IXComSerializer serializer, ICompressionCodec codec) => new(StringComparer.Ordinal)
    {
        ["baton-dag-id"] = Uri.EscapeDataString(key.DagId),
        ["baton-run-id"] = Uri.EscapeDataString(key.RunId),
        ["baton-task-id"] = Uri.EscapeDataString(key.TaskId),
        ["baton-map-index"] = key.MapIndex.ToString(CultureInfo.InvariantCulture),
        ["baton-key"] = Uri.EscapeDataString(key.Key),
        ["baton-format"] = serializer.Format,
        ["baton-compression"] = codec.Name,
    };

    internal static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true };
}
