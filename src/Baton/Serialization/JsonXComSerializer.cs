using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baton.Serialization;

/// <summary>
/// JSON through System.Text.Json: the default for every value no other serializer claims. Reads only into the declared
/// type; the options carry no type-name handling.
/// </summary>
public sealed class JsonXComSerializer : IXComSerializer
{
    /// <summary>The format name, <c>json</c>.</summary>
    public const string FormatName = "json";

    /// <summary>Creates the serializer with Baton's default options.</summary>
    public JsonXComSerializer() : this(CreateDefaultOptions()) { }

    /// <summary>Creates the serializer with the given options.</summary>
    public JsonXComSerializer(JsonSerializerOptions options)
    {
        Options = options;
    }

    /// <summary>The options used for both directions.</summary>
    public JsonSerializerOptions Options { get; }

    /// <inheritdoc />
    public string Format => FormatName;

    /// <inheritdoc />
    public bool CanSerialize(Type type) => true;

    /// <summary>Baton's defaults: fields included (so tuples keep their items), NaN and infinities allowed, nothing else changed.</summary>
    public static JsonSerializerOptions CreateDefaultOptions() => new(JsonSerializerDefaults.General)
    {
        IncludeFields = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <inheritdoc />
    public async ValueTask SerializeAsync(Stream destination, object? value, Type type, CancellationToken cancellationToken = default)
    {
        try
        {
            await JsonSerializer.SerializeAsync(destination, value, type, Options, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new NotSupportedException($"a {type.Name} cannot be written as JSON: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// A stored <c>null</c> reads as null into any type that admits null, even one System.Text.Json cannot describe
    /// (an Arrow RecordBatch): Baton stores every null as JSON <c>null</c>, whatever the producer declared.
    /// </remarks>
    public async ValueTask<object?> DeserializeAsync(Stream source, Type targetType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targetType);
        var reader = PipeReader.Create(source, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            var head = await reader.ReadAtLeastAsync(NullPeekLength, cancellationToken).ConfigureAwait(false);
            if (head.IsCompleted && IsNullLiteral(head.Buffer))
            {
                reader.AdvanceTo(head.Buffer.End);
                return targetType.IsValueType && Nullable.GetUnderlyingType(targetType) is null
                    ? throw new InvalidDataException($"the stored value is null, which cannot be read as {TypeNames.Of(targetType)}")
                    : null;
            }

            reader.AdvanceTo(head.Buffer.Start);
            return await JsonSerializer.DeserializeAsync(reader, targetType, Options, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the JSON value cannot be read as {TypeNames.Of(targetType)}: {e.Message}", e);
        }
        catch (NotSupportedException e)
        {
            throw new InvalidDataException($"the JSON value cannot be read as {TypeNames.Of(targetType)}: {e.Message}", e);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Enough bytes to see a whole <c>null</c> document with some whitespace around it.</summary>
    private const int NullPeekLength = 64;

    private static bool IsNullLiteral(ReadOnlySequence<byte> document)
    {
        var bytes = document.IsSingleSegment ? document.FirstSpan : document.ToArray();
        return bytes.Trim(" \t\r\n"u8).SequenceEqual("null"u8);
    }
}
