using Apache.Arrow;
using Microsoft.Data.Analysis;

namespace Baton.DataFrames.Tables;

/// <summary>What the two table serializers share: which values they write, and which declared types they read into.</summary>
internal static class TableValues
{
    public static bool IsTable(Type type) => typeof(DataFrame).IsAssignableFrom(type) || typeof(RecordBatch).IsAssignableFrom(type);

    /// <exception cref="NotSupportedException">The value is not a DataFrame or a RecordBatch, or has a column type Baton does not store.</exception>
    public static ITableSource SourceOf(object? value, Type type) => value switch
    {
        DataFrame frame => new DataFrameSource(frame),
        RecordBatch batch => new RecordBatchSource(batch),
        null => throw new NotSupportedException($"a null {type.Name} has no table to store; return an empty one"),
        _ => throw new NotSupportedException($"a {value.GetType().Name} is not a DataFrame or a RecordBatch"),
    };

    /// <summary>The sink that builds the declared type.</summary>
    /// <exception cref="InvalidDataException">The declared type cannot hold a table; the message says what is stored and what was asked for.</exception>
    public static ITableSink SinkFor(Type targetType, string formatDescription)
    {
        ArgumentNullException.ThrowIfNull(targetType);
        if (targetType == typeof(DataFrame) || targetType == typeof(object))
        {
            return new DataFrameSink();
        }

        if (targetType == typeof(RecordBatch))
        {
            return new RecordBatchSink();
        }

        throw new InvalidDataException(
            $"the stored value is a table ({formatDescription}), which can be read as a DataFrame or a RecordBatch, not as {NameOf(targetType)}");
    }

    private static string NameOf(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return NameOf(inner) + "?";
        }

        if (type.IsArray)
        {
            return NameOf(type.GetElementType()!) + "[]";
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(NameOf))}>";
    }
}
