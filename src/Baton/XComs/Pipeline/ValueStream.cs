namespace Baton.XComs.Pipeline;

/// <summary>
/// The serialized bytes of a stored value, decompressed, with the checksum checked when the end is read. This is what a
/// task that takes a <see cref="Stream"/> receives; disposing it closes the stored object.
/// </summary>
internal sealed class ValueStream : ReadOnlyStream
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
