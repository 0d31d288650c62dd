using Baton.IO;
using System.IO.Hashing;

namespace Baton.XComs.Pipeline;

/// <summary>A write-through stream that hashes and counts the bytes on their way to the inner stream.</summary>
internal sealed class HashingWriteStream(Stream inner) : ForwardOnlyWriteStream
{
    private readonly NonCryptographicHashAlgorithm _hash = XComChecksum.Create();

    public long BytesWritten { get; private set; }

    public string Checksum => XComChecksum.Format(_hash);

    public override long Length => BytesWritten;

    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.Append(buffer);
        BytesWritten += buffer.Length;
        inner.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _hash.Append(buffer.Span);
        BytesWritten += buffer.Length;
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
}
