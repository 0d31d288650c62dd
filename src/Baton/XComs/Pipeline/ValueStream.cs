namespace Baton.XComs.Pipeline;

/// <summary>
/// The serialized bytes of a stored value, decompressed, with the checksum checked when the end is read. This is what a
/// task that takes a <see cref="Stream"/> receives; disposing it closes the stored object.
/// </summary>
internal sealed class ValueStream : Stream
{
    private readonly Stream _decoded;

    public ValueStream(Stream decoded, VerifyingReadStream verifier)
    {
        _decoded = decoded;
        Verifier = verifier;
    }

    public VerifyingReadStream Verifier { get; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => _decoded.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _decoded.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _decoded.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _decoded.ReadAsync(buffer, offset, count, cancellationToken);

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
