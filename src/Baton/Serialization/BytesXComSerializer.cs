using Baton.IO;

namespace Baton.Serialization;

/// <summary>
/// Raw bytes: a task that returns <c>byte[]</c>, <c>ReadOnlyMemory&lt;byte&gt;</c> or a <see cref="Stream"/> (a file it
/// produced) stores exactly those bytes; a downstream task can take them as <c>byte[]</c> or as a <see cref="Stream"/>
/// that reads from the store without holding the value in memory. A returned stream is read to its end and disposed.
/// </summary>
internal sealed class BytesXComSerializer : IXComSerializer
{
    /// <summary>The format name, <c>bytes</c>.</summary>
    public const string FormatName = "bytes";

    /// <inheritdoc />
    public string Format => FormatName;

    /// <summary>The file extension of stored objects, <c>bin</c>.</summary>
    public string FileExtension => "bin";

    /// <inheritdoc />
    public bool CanSerialize(Type type) =>
        type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>) || type == typeof(Memory<byte>) || typeof(Stream).IsAssignableFrom(type);

    /// <inheritdoc />
    public async ValueTask SerializeAsync(Stream destination, object? value, Type type, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        switch (value)
        {
            case null:
                throw new NotSupportedException("a null byte array or stream has no bytes to store");
            case byte[] bytes:
                await destination.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                break;
            case ReadOnlyMemory<byte> memory:
                await destination.WriteAsync(memory, cancellationToken).ConfigureAwait(false);
                break;
            case Memory<byte> memory:
                await destination.WriteAsync(memory, cancellationToken).ConfigureAwait(false);
                break;
            case Stream stream:
                await using (stream.ConfigureAwait(false))
                {
                    // The next read of the task's stream overlaps the pipeline's work on the last chunk.
                    await OverlappedCopy.CopyAsync(stream, destination, OverlappedCopy.ChunkSize, cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                throw new NotSupportedException($"{type.Name} is not raw bytes");
        }
    }

    /// <inheritdoc />
    public async ValueTask<object?> DeserializeAsync(Stream source, Type targetType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(targetType);
        if (targetType == typeof(Stream))
        {
            return source;
        }

        if (targetType != typeof(byte[]) && targetType != typeof(ReadOnlyMemory<byte>) && targetType != typeof(Memory<byte>) && targetType != typeof(object))
        {
            throw new InvalidDataException($"raw bytes can be read as byte[], ReadOnlyMemory<byte> or Stream, not as {TypeNames.Of(targetType)}");
        }

        // Read straight into pooled chunks, then one copy into the exact array (a MemoryStream copies about three times).
        using var buffer = new ChunkedBuffer();
        await buffer.ReadFromAsync(source, cancellationToken).ConfigureAwait(false);
        var bytes = buffer.ToArray();
        if (targetType == typeof(ReadOnlyMemory<byte>))
        {
            return new ReadOnlyMemory<byte>(bytes);
        }

        if (targetType == typeof(Memory<byte>))
        {
            return new Memory<byte>(bytes);
        }

        return bytes;
    }
}
