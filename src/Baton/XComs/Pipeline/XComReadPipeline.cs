using Baton.Compression;
using Baton.Serialization;

namespace Baton.XComs.Pipeline;

/// <summary>
/// The pull side of an XCom's data path: stored bytes → checksum and size check → decompression → serializer, into the
/// type the consumer declares. A value read as <see cref="Stream"/> is handed over still streaming; its checksum is
/// checked when it is read to the end.
/// </summary>
internal static class XComReadPipeline
{
    /// <summary>Opens the serialized bytes of a value (decompressed; the checksum is checked at their end).</summary>
    public static ValueStream OpenSerialized(XComRecord record, Stream stored, CompressionCodecRegistry codecs)
    {
        var codec = codecs.Find(record.Payload.Compression)
            ?? throw new XComUnknownFormatException(record.Key,
                $"XCom {record.Key}{Where(record)} is compressed with '{record.Payload.Compression}', which no registered codec reads (known: {string.Join(", ", codecs.Names)}).");
        if (!XComChecksum.IsSupported(record.Payload.Checksum))
        {
            throw new XComUnknownFormatException(record.Key, $"XCom {record.Key}{Where(record)} has checksum '{record.Payload.Checksum}' of an unknown algorithm.");
        }

        var verifier = new VerifyingReadStream(stored, record.Payload.Checksum, record.Payload.Size,
            detail => new XComChecksumMismatchException(record.Key, $"XCom {record.Key}{Where(record)} is corrupted: {detail}."));
        return new ValueStream(new DecodeGuardStream(codec.Decompress(verifier)), verifier);
    }

    /// <summary>Reads a value into <paramref name="targetType"/>; takes ownership of <paramref name="stored"/>.</summary>
    public static async Task<object?> ReadAsync(XComRecord record, Stream stored, XComSerializerRegistry serializers, CompressionCodecRegistry codecs, Type targetType, CancellationToken cancellationToken)
    {
        ValueStream serialized;
        try
        {
            if (serializers.ForFormat(record.Payload.Format) is null)
            {
                throw new XComUnknownFormatException(record.Key,
                    $"XCom {record.Key}{Where(record)} has format '{record.Payload.Format}', which no registered serializer reads (known: {string.Join(", ", serializers.Serializers.Select(s => s.Format))}).");
            }

            serialized = OpenSerialized(record, stored, codecs);
        }
        catch (XComException)
        {
            await stored.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (targetType == typeof(Stream) && record.Payload.Format == BytesXComSerializer.FormatName)
        {
            return serialized;
        }

        await using (serialized.ConfigureAwait(false))
        {
            try
            {
                var value = await XComSerialization.DeserializeAsync(serializers, record, serialized, targetType, cancellationToken).ConfigureAwait(false);
                await serialized.Verifier.DrainAsync(cancellationToken).ConfigureAwait(false);
                return value;
            }
            catch (Exception e) when (e is XComTypeMismatchException or XComCorruptedException)
            {
                // Damaged bytes often look like a value of the wrong type or an invalid file; if the checksum fails, that is what is reported.
                await serialized.Verifier.DrainAsync(cancellationToken).ConfigureAwait(false);
                throw;
            }
            catch (DecodeGuardStream.DecodeException decode)
            {
                await serialized.Verifier.DrainAsync(cancellationToken).ConfigureAwait(false);
                throw new XComCorruptedException(record.Key,
                    $"XCom {record.Key}{Where(record)} cannot be decompressed as {record.Payload.Compression}: {decode.Message}", decode.InnerException);
            }
        }
    }

    private static string Where(XComRecord record) => record.Payload.Location is { } location ? $" at '{location}'" : "";
}
