using System.Buffers;
using Baton.IO;

namespace Baton.XComs.Pipeline;

/// <summary>
/// The serialized bytes of a stored value, decompressed, with the checksum checked when the end is read. This is what a
/// task that takes a <see cref="Stream"/> receives; disposing it closes the stored object.
/// </summary>
internal sealed class ValueStream : ForwardOnlyReadStream
{
    private readonly Stream _decoded;

    public ValueStream(Stream decoded, VerifyingReadStream verifier)
    {
        _decoded = decoded;
        Verifier = verifier;
    }

    public VerifyingReadStream Verifier { get; }

    public override int Read(Span<byte> buffer) => _decoded.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _decoded.ReadAsync(buffer, cancellationToken);

    /// <summary>
    /// Copies in 256 KiB chunks (or <paramref name="bufferSize"/> if larger), reading the next chunk (from the store,
    /// through the checksum and the decompressor) while the last one is written: Stream's default is one 80 KiB chunk at
    /// a time, so a large value became thousands of reads and writes in turn, each a thread-pool hop for an async file.
    /// </summary>
    public override Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
    {
        ValidateCopyToArguments(destination, bufferSize);
        return OverlappedCopy.CopyAsync(_decoded, destination, Math.Max(bufferSize, OverlappedCopy.ChunkSize), cancellationToken);
    }

    /// <summary>Copies in 256 KiB chunks (or <paramref name="bufferSize"/> if larger) instead of Stream's 80 KiB.</summary>
    public override void CopyTo(Stream destination, int bufferSize)
    {
        ValidateCopyToArguments(destination, bufferSize);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bufferSize, OverlappedCopy.ChunkSize));
        try
        {
            int read;
            while ((read = _decoded.Read(buffer)) > 0)
            {
                destination.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _decoded.Dispose();
            Verifier.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _decoded.DisposeAsync().ConfigureAwait(false);
        await Verifier.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
