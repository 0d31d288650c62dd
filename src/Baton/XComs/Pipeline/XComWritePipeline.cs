using Baton.Compression;
using Baton.Serialization;
using Baton.Storage;

namespace Baton.XComs.Pipeline;

/// <summary>
/// The push side of an XCom's data path: serializer → compression → checksum and byte count → threshold buffer →
/// inline bytes, or an object streamed to the store. Memory stays bounded whatever the value's size.
/// </summary>
internal static class XComWritePipeline
{
    /// <summary>Where bytes over the threshold go: a store, the key for this value, and the metadata to keep with it.</summary>
    public sealed record ObjectTarget(IObjectStore Store, string Key, IReadOnlyDictionary<string, string> Metadata);

    public static async Task<XComPayload> WriteAsync(
        XComKey key, object? value, Type valueType, IXComSerializer serializer, ICompressionCodec codec, long threshold, long maxInline,
        ObjectTarget? target, CancellationToken cancellationToken)
    {
        Func<ObjectUpload>? startUpload = target is null ? null : () => new ObjectUpload(target.Store, target.Key, target.Metadata, cancellationToken);
        await using var spill = new SpillStream(target is null ? -1 : threshold, maxInline, startUpload);
        try
        {
            var hashing = new HashingWriteStream(spill);
            await using (var compressing = codec.Compress(hashing))
            {
                await XComSerialization.SerializeAsync(serializer, compressing, key, value, valueType, cancellationToken).ConfigureAwait(false);
            }

            if (threshold == 0)
            {
                await spill.SpillAsync(cancellationToken).ConfigureAwait(false);
            }

            if (spill.Upload is { } upload)
            {
                await upload.CompleteAsync().ConfigureAwait(false);
                return new XComPayload
                {
                    Storage = XComStorage.ObjectStore, Location = ObjectKeys.Join(target!.Store.Root, upload.Key), Format = serializer.Format,
                    Compression = codec.Name, Size = hashing.BytesWritten, Checksum = hashing.Checksum,
                };
            }

            if (spill.OverInlineLimit)
            {
                throw new XComTooLargeException(key,
                    $"XCom {key} is {spill.BytesWritten} bytes stored ({serializer.Format}, compression {codec.Name}), over the inline limit of {spill.MaxInline} bytes " +
                    "(BATON__XCOM__MAX_INLINE_SIZE). Store large values in object storage: BATON__XCOM__BACKEND=objectstorage with BATON__XCOM__PATH " +
                    "and BATON__XCOM__THRESHOLD.");
            }

            return new XComPayload
            {
                Storage = XComStorage.Inline, Value = spill.InlineBytes, Format = serializer.Format, Compression = codec.Name,
                Size = hashing.BytesWritten, Checksum = hashing.Checksum,
            };
        }
        catch (Exception e) when (spill.Upload is not null && e is not OutOfMemoryException)
        {
            // Object first, row second: the row was never written, so the partial object must not stay behind.
            await spill.Upload.AbortAsync(e).ConfigureAwait(false);
            throw;
        }
    }
}
