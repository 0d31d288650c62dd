namespace Baton.XComs.Pipeline;

/// <summary>What readers of a value's serialized bytes (<c>xcom get</c>, the web server) share: checking to the end, naming corruption.</summary>
internal static class SerializedValue
{
    /// <summary>
    /// Reads what the decompressor left of the stored bytes, so their size and checksum are checked even when the value
    /// ended before them (a compressed frame can end before the stored bytes do).
    /// </summary>
    public static async Task VerifyToEndAsync(Stream bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes is ValueStream value)
        {
            await value.Verifier.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The error for bytes the recorded codec cannot decompress, naming the XCom and its location.</summary>
    public static XComCorruptedException Undecodable(XComRecord record, DecodeGuardStream.DecodeException error)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(error);
        var where = record.Payload.Location is { } location ? $" at '{location}'" : "";
        return new XComCorruptedException(record.Key, $"XCom {record.Key}{where} cannot be decompressed as {record.Payload.Compression}: {error.Message}", error.InnerException);
    }
}
