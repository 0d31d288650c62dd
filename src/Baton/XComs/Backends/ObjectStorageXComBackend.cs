using System.Globalization;
using System.Text.Json;
using Baton.Compression;
using Baton.Configuration;
using Baton.Serialization;
using Baton.Storage;
using Baton.XComs.Objects;
using Baton.XComs.Pipeline;
using Microsoft.Extensions.Options;

namespace Baton.XComs.Backends;

/// <summary>
/// The object-storage backend (<c>BATON__XCOM__BACKEND=objectstorage</c>): a value whose stored size reaches
/// <c>BATON__XCOM__THRESHOLD</c> streams to the store at <c>BATON__XCOM__PATH</c> under
/// <c>{prefix}/{dag_id}/{run_id}/{task_id}/{map_index}/{key}/{unique}.{ext}</c> with a manifest beside it; the row keeps its
/// location, format, compression, size and checksum. Smaller values stay inline.
/// </summary>
/// <remarks>
/// Every name it mints carries this installation's ownership tag (<see cref="ObjectOwnership"/>), and every delete —
/// purging a row's object, the orphan sweep, aborting incomplete uploads — first checks that tag: anything else under
/// the prefix is reported, never touched.
/// </remarks>
internal sealed class ObjectStorageXComBackend : XComBackend, IOrphanSweeper
{
    /// <summary>The longest prefix (in UTF-8 bytes) a store path may have, so every key stays within 1024 bytes.</summary>
    public const int MaxPrefixBytes = 400;

    private const int MaxMetadataValueLength = 256;
    private readonly XComSerializerRegistry _serializers;
    private readonly CompressionCodecRegistry _codecs;
    private readonly ObjectStoreResolver _stores;
    private readonly XComOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ObjectOwnership _ownership;
    private readonly BatonPaths _paths;
    private readonly Lock _openingLock = new();
    private Task<ObjectStoreAddress>? _opening;
    private ObjectStoreAddress? _home;

    /// <summary>Creates the backend; the store is opened on first use.</summary>
    public ObjectStorageXComBackend(
        XComSerializerRegistry serializers, CompressionCodecRegistry codecs, ObjectStoreResolver stores, IOptions<XComOptions> options, TimeProvider timeProvider,
        ObjectOwnership ownership, BatonPaths paths)
    {
        ArgumentNullException.ThrowIfNull(options);
        _serializers = serializers;
        _codecs = codecs;
        _stores = stores;
        _options = options.Value;
        _timeProvider = timeProvider;
        _ownership = ownership;
        _paths = paths;
    }

    /// <summary>This installation's identity, which every object name carries and every delete checks.</summary>
    public ObjectOwnership Ownership => _ownership;

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
        var home = await _stores.ResolveAsync(_options.Path.EndsWith('/') ? _options.Path : _options.Path + "/", cancellationToken).ConfigureAwait(false);
        CheckHome(home);
        _home = home;
        return home;
    }

    /// <summary>Refuses store paths that cannot be Baton's own: the file system root, the home directory, one holding BATON_HOME, an over-long prefix.</summary>
    private void CheckHome(ObjectStoreAddress home)
    {
        var prefixBytes = System.Text.Encoding.UTF8.GetByteCount(home.Path.Trim('/'));
        if (prefixBytes > MaxPrefixBytes)
        {
            throw new BatonConfigurationException(
                $"BATON__XCOM__PATH {_options.Path} has a prefix of {prefixBytes} bytes; it may have at most {MaxPrefixBytes}, so that every object key fits the stores' limit of 1024.");
        }

        if (home.Store is not LocalObjectStore local)
        {
            return;
        }

        var root = local.RootDirectory;
        var userHome = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var batonHome = Path.TrimEndingDirectorySeparator(_paths.Home);
        var why = Path.GetPathRoot(root) is { } fileSystemRoot && Path.TrimEndingDirectorySeparator(fileSystemRoot) == Path.TrimEndingDirectorySeparator(root) || root.Length == 0
            ? "the file system's root"
            : userHome.Length > 0 && string.Equals(Path.TrimEndingDirectorySeparator(userHome), root, StringComparison.Ordinal)
                ? "your home directory"
                : batonHome == root || batonHome.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                    ? $"a directory that holds BATON_HOME ({batonHome})"
                    : null;
        if (why is not null)
        {
            throw new BatonConfigurationException(
                $"BATON__XCOM__PATH {_options.Path} is {why}. Give XCom objects a directory of their own, e.g. file:///var/baton/xcoms: " +
                "the sweep and every delete touch only objects Baton wrote, but a shared directory mixes Baton's files with yours.");
        }
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
                    // The key was minted just now with this installation's tag: it is ours to delete.
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
    /// <remarks>
    /// Deletes the object and its manifest only when this installation can prove it wrote them: the name carries its
    /// ownership tag, or — for an object written before ownership tags — it sits exactly where Baton put the row's value,
    /// and its manifest and size match the row (<see cref="IsLegacyObjectOfAsync"/>).
    /// </remarks>
    /// <exception cref="ObjectNotOwnedException">The row points at an object this installation did not write; it is left in place.</exception>
    public override async ValueTask PurgeAsync(XComRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Payload is { Storage: XComStorage.ObjectStore, Location: { } location })
        {
            var address = await LocateAsync(location, cancellationToken).ConfigureAwait(false);
            if (!Owns(address) && !await IsLegacyObjectOfAsync(address, record, cancellationToken).ConfigureAwait(false))
            {
                throw new ObjectNotOwnedException(location,
                    $"Left '{location}' (XCom {record.Key}) in place: this Baton installation did not write it (its name carries no ownership tag of " +
                    $"this installation's key {_ownership.KeyFilePath}), so it is never deleted.");
            }

            await address.Store.DeleteManyAsync([address.Path, address.Path + XComObjectManifest.Suffix], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// True when the object's name carries this installation's tag. The tag covers the key below the store path the value
    /// was written under; a local object located by its URL alone (the path setting changed since, or another backend is
    /// selected now) is opened from its own directory, so the key is tried below each of its parent directories.
    /// </summary>
    private bool Owns(ObjectStoreAddress address)
    {
        if (_ownership.Owns(address.Path))
        {
            return true;
        }

        if (address.Store is not LocalObjectStore local)
        {
            return false;
        }

        var segments = Path.Combine(local.RootDirectory, address.Path).Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var start = 1; start < segments.Length - 1; start++)
        {
            if (_ownership.Owns(string.Join('/', segments[start..])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when an object without an ownership tag was written by Baton for this very row before tags existed: it is in
    /// this backend's store at exactly the key Baton gave the row's ids (old name shape), and its manifest names the same
    /// XCom, location, size and checksum as the row, and its size matches.
    /// </summary>
    private async ValueTask<bool> IsLegacyObjectOfAsync(ObjectStoreAddress address, XComRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(record);
        if (string.IsNullOrWhiteSpace(_options.Path))
        {
            return false;
        }

        var home = await OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        var name = address.Path[(address.Path.LastIndexOf('/') + 1)..];
        if (!ReferenceEquals(address.Store, home.Store) || !ObjectOwnership.IsLegacyName(name))
        {
            return false;
        }

        var key = record.Key;
        var directory = ObjectKeys.Combine(Prefix, ObjectKeys.Escape(key.DagId), ObjectKeys.Escape(key.RunId), ObjectKeys.Escape(key.TaskId),
            key.MapIndex.ToString(CultureInfo.InvariantCulture), ObjectKeys.Escape(key.Key));
        if (address.Path != directory + "/" + name)
        {
            return false;
        }

        XComObjectManifest? manifest;
        try
        {
            await using var stream = await address.Store.OpenReadAsync(address.Path + XComObjectManifest.Suffix, cancellationToken).ConfigureAwait(false);
            manifest = await JsonSerializer.DeserializeAsync<XComObjectManifest>(stream, ManifestJson, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectNotFoundException or JsonException)
        {
            return false;
        }

        var payload = record.Payload;
        if (manifest is null || manifest.ToKey() != key || manifest.Location != payload.Location || manifest.Size != payload.Size
            || manifest.Checksum != payload.Checksum || manifest.Format != payload.Format || manifest.Compression != payload.Compression)
        {
            return false;
        }

        var info = await address.Store.StatAsync(address.Path, cancellationToken).ConfigureAwait(false);
        return info is not null && info.Size == payload.Size;
    }

    /// <inheritdoc />
    public override string DescribeValue(XComRecord record) => DatabaseXComBackend.InlinePreview(record) ?? base.DescribeValue(record);

    /// <inheritdoc />
    /// <remarks>
    /// Only objects whose names carry this installation's ownership tag are ever deleted; everything else under the prefix
    /// (a user's files, another installation's values, look-alikes, symbolic links, objects written before ownership tags)
    /// is listed in <see cref="SweepReport.Foreign"/> and left in place. Where the store has them
    /// (<see cref="IIncompleteUploadStore"/>), this installation's incomplete uploads older than the grace period
    /// (temporary files, multipart uploads, uncommitted blocks) are aborted too.
    /// </remarks>
    public async Task<SweepReport> SweepAsync(Func<string, bool> isReferenced, TimeSpan grace, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(isReferenced);
        await OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        var cutoff = _timeProvider.GetUtcNow() - grace;
        var prefix = Prefix.Length == 0 ? "" : Prefix + "/";
        var listed = new List<ObjectInfo>();
        await foreach (var info in Store.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            listed.Add(info);
        }

        var dataKeys = listed.Where(o => !o.Key.EndsWith(XComObjectManifest.Suffix, StringComparison.Ordinal)).ToDictionary(o => o.Key, StringComparer.Ordinal);
        var deleted = new List<string>();
        var young = new List<string>();
        var foreign = new List<string>();
        var notes = new List<string>();
        var referenced = 0;
        var toDelete = new List<string>();
        foreach (var info in dataKeys.Values.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            var location = ObjectKeys.Join(Store.Root, info.Key);
            if (isReferenced(location))
            {
                referenced++;
            }
            else if (!_ownership.Owns(info.Key))
            {
                foreign.Add(location);
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

        // A manifest whose object is gone (a crash between deleting the two) is an orphan too, when it is ours.
        foreach (var manifest in listed.Where(o => o.Key.EndsWith(XComObjectManifest.Suffix, StringComparison.Ordinal)).OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (dataKeys.ContainsKey(manifest.Key[..^XComObjectManifest.Suffix.Length]))
            {
                continue;
            }

            var location = ObjectKeys.Join(Store.Root, manifest.Key);
            if (!_ownership.Owns(manifest.Key))
            {
                foreign.Add(location);
            }
            else if (manifest.LastModified <= cutoff)
            {
                deleted.Add(location);
                toDelete.Add(manifest.Key);
            }
        }

        if (!dryRun && toDelete.Count > 0)
        {
            await Store.DeleteManyAsync(toDelete, cancellationToken).ConfigureAwait(false);
        }

        var (aborted, youngUploads) = await SweepIncompleteUploadsAsync(prefix, cutoff, dryRun, foreign, notes, cancellationToken).ConfigureAwait(false);
        return new SweepReport(dataKeys.Count, referenced, deleted, young, dryRun)
        {
            Foreign = foreign, IncompleteUploadsAborted = aborted, IncompleteUploadsTooYoung = youngUploads, Notes = notes,
        };
    }

    private async Task<(List<string> Aborted, List<string> TooYoung)> SweepIncompleteUploadsAsync(
        string prefix, DateTimeOffset cutoff, bool dryRun, List<string> foreign, List<string> notes, CancellationToken cancellationToken)
    {
        var aborted = new List<string>();
        var young = new List<string>();
        if (Store is not IIncompleteUploadStore uploads)
        {
            notes.Add($"{Store.Root} cannot list incomplete uploads; any it keeps expire on the store's own terms (see the store's page in the docs).");
            return (aborted, young);
        }

        var found = new List<IncompleteUpload>();
        try
        {
            await foreach (var upload in uploads.ListIncompleteUploadsAsync(prefix, cancellationToken).ConfigureAwait(false))
            {
                found.Add(upload);
            }
        }
        catch (ObjectStoreException e)
        {
            notes.Add($"Incomplete uploads were not swept: {e.Message}");
            return (aborted, young);
        }

        foreach (var upload in found.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            var description = $"{ObjectKeys.Join(Store.Root, upload.Key)} (incomplete upload {upload.UploadId}{(upload.Size is { } size ? $", {size} bytes" : "")})";
            if (!_ownership.Owns(upload.Key))
            {
                foreign.Add(description);
            }
            else if (upload.LastActivity > cutoff)
            {
                young.Add(description);
            }
            else
            {
                if (!dryRun)
                {
                    await uploads.AbortIncompleteUploadAsync(upload, cancellationToken).ConfigureAwait(false);
                }

                aborted.Add(description);
            }
        }

        return (aborted, young);
    }

    /// <summary>The store and key of a location: under this backend's store, or any store a provider opens.</summary>
    private async ValueTask<ObjectStoreAddress> LocateAsync(string location, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        if (string.IsNullOrWhiteSpace(_options.Path))
        {
            // Reading or purging a row written before BATON__XCOM__PATH was unset (another backend selected now): the row's URL says where.
            return await _stores.ResolveAsync(location, cancellationToken).ConfigureAwait(false);
        }

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
        var directory = ObjectKeys.Combine(Prefix, ObjectKeys.Segment(key.DagId), ObjectKeys.Segment(key.RunId), ObjectKeys.Segment(key.TaskId),
            key.MapIndex.ToString(CultureInfo.InvariantCulture), ObjectKeys.Segment(key.Key));
        return directory + "/" + _ownership.NewObjectName(directory, extension, _timeProvider.GetUtcNow());
    }

    private Dictionary<string, string> MetadataFor(XComKey key, IXComSerializer serializer, ICompressionCodec codec) => new(StringComparer.Ordinal)
    {
        [ObjectOwnership.MetadataName] = _ownership.InstallationId,
        ["baton-dag-id"] = MetadataValue(key.DagId),
        ["baton-run-id"] = MetadataValue(key.RunId),
        ["baton-task-id"] = MetadataValue(key.TaskId),
        ["baton-map-index"] = key.MapIndex.ToString(CultureInfo.InvariantCulture),
        ["baton-key"] = MetadataValue(key.Key),
        ["baton-format"] = serializer.Format,
        ["baton-compression"] = codec.Name,
    };

    /// <summary>An id as metadata: URL-escaped, and shortened as key segments are when long (S3 keeps 2 KB of metadata per object); the manifest has it whole.</summary>
    private static string MetadataValue(string id)
    {
        var escaped = Uri.EscapeDataString(id);
        return escaped.Length <= MaxMetadataValueLength ? escaped : ObjectKeys.Segment(id);
    }

    internal static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true };
}
