namespace Baton.Serialization;

/// <summary>
/// Thrown by a serializer when the bytes it is given are not valid data of its format (not a Parquet file, a truncated
/// Arrow stream, …), as opposed to valid data that does not fit the declared type (<see cref="InvalidDataException"/>).
/// </summary>
/// <remarks>
/// <see cref="XComs.XComSerialization.DeserializeAsync"/> turns it into <see cref="XComs.XComCorruptedException"/> naming
/// the XCom and its location, so a damaged value is reported as damaged and never as a type mismatch.
/// </remarks>
public sealed class CorruptSerializedValueException : BatonException
{
    /// <summary>Creates the exception for bytes that are not valid <paramref name="format"/>.</summary>
    /// <param name="format">The format the bytes should be in (the serializer's format name).</param>
    /// <param name="message">What is wrong with the bytes.</param>
    /// <param name="innerException">The format library's error, if any.</param>
    public CorruptSerializedValueException(string format, string message, Exception? innerException) : base(message, innerException)
    {
        Format = format;
    }

    /// <summary>Creates the exception with no message.</summary>
    public CorruptSerializedValueException() { }

    /// <summary>Creates the exception with a message.</summary>
    public CorruptSerializedValueException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public CorruptSerializedValueException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>The format the bytes should have been in, or null when not given.</summary>
    public string? Format { get; }

    /// <summary>False: the same try would fail the same way, so a task failing with it is not retried.</summary>
    public override bool IsRetryable => false;
}
