namespace Baton.DataFrames.Tables;

/// <summary>
/// A stored table is valid data of its format but has a column a DataFrame or RecordBatch cannot hold: a type
/// mismatch, not corruption. The serializers turn it into <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class TableTypeException(string message) : Exception(message);
