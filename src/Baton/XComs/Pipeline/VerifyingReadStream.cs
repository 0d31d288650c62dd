using System.Buffers;
using System.IO.Hashing;
using Baton.IO;

namespace Baton.XComs.Pipeline;

/// <summary>
/// A read-through stream that hashes and counts what is read and, at the end of the data, checks both against what
/// the row recorded; a mismatch throws <see cref="XComChecksumMismatchException"/>. Disposing it disposes the source.
/// </summary>
internal sealed class VerifyingReadStream : ForwardOnlyReadStream
{
    private readonly Stream _source;
    private readonly NonCryptographicHashAlgorithm _hash = XComChecksum.Create();
    private readonly string? _expectedChecksum;
    private readonly long _expectedSize;
    private readonly Func<string, Exception> _mismatch;
    private long _read;
    private bool _verified;

    public VerifyingReadStream(Stream source, string? expectedChecksum, long expectedSize, Func<string, Exception> mismatch)
    {
        _source = source;
        _expectedChecksum = expectedChecksum;
        _expectedSize = expectedSize;
        _mismatch = mismatch;
    }

    /// <summary>True once the end was reached and the bytes matched.</summary>
    public bool Verified => _verified;

    public override long Length => _expectedSize;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var n = _source.Read(buffer);
        return Seen(buffer[..n]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Seen(buffer.Span[..n]);
    }

    /// <summary>Reads whatever is left (the deserializer may stop before the end) so the checksum is always checked.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        // Deserializers usually read to the end themselves, which checked the bytes already: then there is nothing to do.
        if (_verified)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (await ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private int Seen(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 0)
        {
            _hash.Append(bytes);
            _read += bytes.Length;
            if (_read > _expectedSize)
            {
                throw _mismatch($"more bytes than the {_expectedSize} recorded");
            }

            return bytes.Length;
        }

        if (!_verified)
        {
            if (_read != _expectedSize)
            {
                throw _mismatch($"{_read} bytes where {_expectedSize} were recorded");
            }

            var actual = XComChecksum.Format(_hash);
            if (_expectedChecksum is not null && actual != _expectedChecksum)
            {
                throw _mismatch($"checksum {actual} where {_expectedChecksum} was recorded");
            }

            _verified = true;
        }

        return 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _source.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _source.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
