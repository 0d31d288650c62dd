using Baton.IO;

namespace Baton.XComs.Pipeline;

/// <summary>Marks failures of the decompressor, so the read pipeline can tell damaged bytes from a value of the wrong type.</summary>
internal sealed class DecodeGuardStream(Stream inner) : ForwardOnlyReadStream
{
    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (Exception e) when (IsDecodeFailure(e))
        {
            throw new DecodeException(e);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsDecodeFailure(e))
        {
            throw new DecodeException(e);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    // The store's own errors and the checksum check pass through; anything else a decompressor throws means undecodable bytes.
    private static bool IsDecodeFailure(Exception e) =>
        e is not (OperationCanceledException or XComException or Storage.ObjectStoreException or OutOfMemoryException);

    /// <summary>The decompressor could not decode the bytes.</summary>
    internal sealed class DecodeException(Exception inner) : IOException(inner.Message, inner);
}
