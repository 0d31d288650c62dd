using System.Buffers;

namespace Baton.XComs.Pipeline;

/// <summary>
/// The serialized bytes of a stored value, decompressed, with the checksum checked when the end is read. This is what a
/// task that takes a <see cref="Stream"/> receives; disposing it closes the stored object.
/// </summary>
internal sealed class ValueStream : ReadOnlyStream
{
    private const int CopyBufferSize = 1 << 20;
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
    /// Copies in 1 MiB chunks (or <paramref name="bufferSize"/> if larger): Stream's default of 80 KiB makes a large value
    /// thousands of small reads of the store and writes to the destination, each a thread-pool hop for an async file.
    /// </summary>
    public override async Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
    {
        ValidateCopyToArguments(destination, bufferSize);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bufferSize, CopyBufferSize));
        try
        {
            int read;
            while ((read = await _decoded.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc cref="CopyToAsync(Stream, int, CancellationToken)"/>
    public override void CopyTo(Stream destination, int bufferSize)
    {
        ValidateCopyToArguments(destination, bufferSize);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bufferSize, CopyBufferSize));
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
