using Baton.IO;

namespace Baton.DataFrames.IO;

/// <summary>
/// Remembers whether reading the underlying stream failed, so a format reader's failure can be told apart from the
/// stream's own (a checksum mismatch, a decompression error, a lost connection), which must pass through unchanged.
/// </summary>
internal sealed class SourceGuardStream(Stream inner) : ForwardOnlyReadStream
{
    /// <summary>True once a read of the underlying stream threw.</summary>
    public bool SourceFailed { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException && Fail())
        {
            throw;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException && Fail())
        {
            throw;
        }
    }

    // An exception filter that records and never catches: the exception continues with its stack intact.
    private bool Fail()
    {
        SourceFailed = true;
        return false;
    }
}
