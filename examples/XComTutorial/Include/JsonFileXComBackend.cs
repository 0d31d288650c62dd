using Baton.Serialization;
using Baton.Storage;
using Baton.XComs;

namespace XComTutorial.Include;

/// <summary>
/// What the tutorial's step 4 backends share: each value is written as JSON to <c>run_id/task_id/data_{uuid}.json</c> in a
/// store, and the metadata database keeps only a reference string, <see cref="ReferencePrefix"/> followed by the object's
/// key in that store. A subclass says which store (<see cref="OpenStoreAsync"/>) and which prefix.
/// </summary>
/// <remarks>
/// Unlike the tutorial's Python, a missing object is an <see cref="XComObjectNotFoundException"/> naming the XCom, never
/// the reference string passed off as the value; and Baton calls <see cref="PurgeAsync"/> on every delete path (each
/// try's clear, <c>tasks clear</c>, <c>dags clear</c>, <c>dags delete</c>, <c>xcom delete</c>, <c>db clean</c>), so no
/// object outlives its row.
/// </remarks>
public abstract class JsonFileXComBackend : XComBackend
{
    private readonly XComSerializerRegistry _serializers;
    private readonly IXComSerializer _json;
    private readonly XComSerializerRegistry _formats;

    /// <summary>Creates the backend for reference strings that start with <paramref name="referencePrefix"/>.</summary>
    /// <param name="referencePrefix">The prefix of the reference strings, e.g. <c>xcom_s3://</c>.</param>
    /// <param name="serializers">
    /// The app's serializers: their JSON serializer writes and reads the values, and a value another serializer claims
    /// (a DataFrame, bytes) is refused on push rather than written as JSON that cannot be read back.
    /// </param>
    protected JsonFileXComBackend(string referencePrefix, XComSerializerRegistry serializers)
    {
        ArgumentException.ThrowIfNullOrEmpty(referencePrefix);
        ArgumentNullException.ThrowIfNull(serializers);
        ReferencePrefix = referencePrefix;
        _serializers = serializers;
        _json = serializers.ForFormat(JsonXComSerializer.FormatName) ?? new JsonXComSerializer();
        _formats = new XComSerializerRegistry([_json]);
    }

    /// <summary>The prefix of the reference strings this backend keeps in the database.</summary>
    public string ReferencePrefix { get; }

    /// <summary>
    /// Opens the store values go to, and the key prefix inside it (may be empty). Called on every push, pull and purge;
    /// open lazily and cheaply, so a setting or connection fixed later is picked up.
    /// </summary>
    /// <exception cref="Baton.Configuration.BatonConfigurationException">The store is not configured, or misconfigured.</exception>
    protected abstract ValueTask<ObjectStoreAddress> OpenStoreAsync(CancellationToken cancellationToken);

    /// <summary>Writes the value as JSON to <c>{prefix}/{run_id}/{task_id}/data_{uuid}.json</c> and returns its reference.</summary>
    /// <exception cref="XComSerializationException">
    /// The value cannot be written as JSON, or the app stores values of its type in another format (a DataFrame as Parquet).
    /// </exception>
    /// <exception cref="ObjectStoreException">The store failed the write.</exception>
    public override async ValueTask<XComPayload> SerializeValueAsync(XComKey key, object? value, Type valueType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(valueType);
        if (_serializers.ForType(valueType) is { } other && other.Format != _json.Format)
        {
            // The tutorial's step 6 problem: JSON of a DataFrame is written without complaint and cannot be read back.
            throw new XComSerializationException(key,
                $"XCom {key}: a {valueType.Name} is stored as '{other.Format}', which {GetType().Name} cannot write (it writes JSON only); " +
                "use BATON__XCOM__BACKEND=objectstorage, which picks the serializer by type (docs/tutorial.md, step 6).");
        }

        var home = await OpenStoreAsync(cancellationToken);
        // As the tutorial: a unique file name under run_id/task_id (escaped, so no id can split a segment or climb out).
        var objectKey = ObjectKeys.Combine(home.Path, ObjectKeys.Segment(key.RunId), ObjectKeys.Segment(key.TaskId), $"data_{Guid.NewGuid():N}.json");
        using var buffer = new MemoryStream();
        await XComSerialization.SerializeAsync(_json, buffer, key, value, valueType, cancellationToken);
        buffer.Position = 0;
        await home.Store.PutAsync(objectKey, buffer, new Dictionary<string, string>(), cancellationToken);
        return new XComPayload { Storage = XComStorage.ObjectStore, Location = ReferencePrefix + objectKey, Format = _json.Format, Size = buffer.Length };
    }

    /// <summary>Reads the object the reference names into <paramref name="targetType"/>.</summary>
    /// <exception cref="XComObjectNotFoundException">The object is missing; the message names the XCom and the object.</exception>
    /// <exception cref="XComUnknownFormatException">The row's location is not a reference of this backend.</exception>
    public override async ValueTask<object?> DeserializeValueAsync(XComRecord record, Type targetType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var objectKey = KeyOf(record);
        var home = await OpenStoreAsync(cancellationToken);
        Stream stream;
        try
        {
            stream = await home.Store.OpenReadAsync(objectKey, cancellationToken);
        }
        catch (ObjectNotFoundException e)
        {
            throw new XComObjectNotFoundException(
                record.Key, $"XCom {record.Key}: '{record.Payload.Location}' is missing (no object {ObjectKeys.Join(home.Store.Root, objectKey)}).", e);
        }

        await using (stream)
        {
            return await XComSerialization.DeserializeAsync(_formats, record, stream, targetType, cancellationToken);
        }
    }

    /// <summary>Deletes the object the reference names (a missing object is not an error).</summary>
    public override async ValueTask PurgeAsync(XComRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var objectKey = KeyOf(record);
        var home = await OpenStoreAsync(cancellationToken);
        await home.Store.DeleteAsync(objectKey, cancellationToken);
    }

    /// <summary>The reference string, for <c>xcom list</c>; the value is not fetched.</summary>
    public override string DescribeValue(XComRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Payload.Location ?? "";
    }

    private string KeyOf(XComRecord record) =>
        record.Payload.Location is { } location && location.StartsWith(ReferencePrefix, StringComparison.Ordinal)
            ? location[ReferencePrefix.Length..]
            : throw new XComUnknownFormatException(record.Key, $"XCom {record.Key} has location '{record.Payload.Location}', not a {ReferencePrefix} reference.");
}
