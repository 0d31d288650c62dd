using System.Text.Json;
using Baton.Configuration;
using Baton.Serialization;
using Baton.Storage;
using Baton.XComs;

namespace XComTutorial.Include;

/// <summary>
/// The tutorial's step 4, in C#: a custom XCom backend that writes every value as a JSON file to a store and keeps only a
/// reference string with its own prefix in the metadata database. Here the store is a local directory under BATON_HOME;
/// the S3 version differs only in the store it opens. Select it in .env:
/// <c>BATON__XCOM__BACKEND=XComTutorial.Include.LocalJsonXComBackend, XComTutorial</c>.
/// </summary>
public sealed class LocalJsonXComBackend : XComBackend
{
    /// <summary>The prefix of the reference strings this backend keeps in the database.</summary>
    public const string Prefix = "xcom_local://";

    private readonly LocalObjectStore _store;
    private readonly JsonXComSerializer _json = new();

    // Constructed by Baton with dependency injection: any registered service (paths, stores, connections) can be asked for.
    public LocalJsonXComBackend(BatonPaths paths)
    {
        _store = new LocalObjectStore(Path.Combine(paths.Home, "tutorial-xcoms"));
    }

    public override async ValueTask<XComPayload> SerializeValueAsync(XComKey key, object? value, Type valueType, CancellationToken cancellationToken = default)
    {
        // As the tutorial: a unique file name under run_id/task_id (escaped, so ids cannot climb out of the directory).
        var objectKey = $"{ObjectKeys.Segment(key.RunId)}/{ObjectKeys.Segment(key.TaskId)}/data_{Guid.NewGuid():N}.json";
        using var buffer = new MemoryStream();
        await XComSerialization.SerializeAsync(_json, buffer, key, value, valueType, cancellationToken);
        buffer.Position = 0;
        await _store.PutAsync(objectKey, buffer, new Dictionary<string, string>(), cancellationToken);
        return new XComPayload { Storage = XComStorage.ObjectStore, Location = Prefix + objectKey, Format = _json.Format, Size = buffer.Length };
    }

    public override async ValueTask<object?> DeserializeValueAsync(XComRecord record, Type targetType, CancellationToken cancellationToken = default)
    {
        var objectKey = KeyOf(record);
        Stream stream;
        try
        {
            stream = await _store.OpenReadAsync(objectKey, cancellationToken);
        }
        catch (ObjectNotFoundException e)
        {
            // Unlike the tutorial's Python, a missing file is an error, never the reference string passed off as the value.
            throw new XComObjectNotFoundException(record.Key, $"XCom {record.Key}: '{record.Payload.Location}' is missing.", e);
        }

        await using (stream)
        {
            return await XComSerialization.DeserializeAsync(new XComSerializerRegistry([_json]), record, stream, targetType, cancellationToken);
        }
    }

    public override async ValueTask PurgeAsync(XComRecord record, CancellationToken cancellationToken = default) =>
        await _store.DeleteAsync(KeyOf(record), cancellationToken);

    public override string DescribeValue(XComRecord record) => record.Payload.Location ?? "";

    private static string KeyOf(XComRecord record) =>
        record.Payload.Location is { } location && location.StartsWith(Prefix, StringComparison.Ordinal)
            ? location[Prefix.Length..]
            : throw new XComUnknownFormatException(record.Key, $"XCom {record.Key} has location '{record.Payload.Location}', not a {Prefix} reference.");
}
