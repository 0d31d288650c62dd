using Baton.IO;

namespace Baton.Storage.Azure;

/// <summary>
/// A blob's download stream whose failures after the SDK's retries surface as <see cref="ObjectStoreException"/>, so
/// readers can tell a store failure from damaged bytes.
/// </summary>
internal sealed class AzureBlobReadStream(Stream inner, Func<Exception, ObjectStoreException> translate) : ForwardOnlyReadStream
{

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (Exception e) when (AzureBlobErrors.IsStoreFailure(e, CancellationToken.None))
        {
            throw translate(e);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (AzureBlobErrors.IsStoreFailure(e, cancellationToken))
        {
            throw translate(e);
        }
    }

    public override ValueTask DisposeAsync()
    {
        inner.Dispose();
        return base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
