using System.Buffers;
using Baton.IO;

namespace Baton.Storage.Azure;

/// <summary>
/// The bytes of one upload: a first part already read into a pooled buffer, then the rest of the caller's stream. It
/// remembers an error the caller's stream threw, so the store passes that error on instead of calling it a store failure.
/// </summary>
internal sealed class AzureBlobUploadSource : ForwardOnlyReadStream
{
    private readonly ArrayPool<byte> _pool;
    private readonly Stream _rest;
    private byte[]? _first;
    private readonly int _firstLength;
    private int _firstPosition;

    /// <summary>Creates the source; it owns <paramref name="first"/> (rented from <paramref name="pool"/>) from now on.</summary>
    public AzureBlobUploadSource(ArrayPool<byte> pool, byte[] first, int firstLength, Stream rest)
    {
        _pool = pool;
        _first = first;
        _firstLength = firstLength;
        _rest = rest;
    }

    /// <summary>What the caller's stream threw, if it did.</summary>
    public Exception? SourceError { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        if (ReadFirst(buffer) is var copied and > 0)
        {
            return copied;
        }

        try
        {
            return _rest.Read(buffer);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            SourceError = e;
            throw;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (ReadFirst(buffer.Span) is var copied and > 0)
        {
            return copied;
        }

        try
        {
            return await _rest.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            SourceError = e;
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        ReturnFirst();
        base.Dispose(disposing);
    }

    private int ReadFirst(Span<byte> buffer)
    {
        if (_first is null || buffer.IsEmpty)
        {
            return 0;
        }

        var count = Math.Min(buffer.Length, _firstLength - _firstPosition);
        _first.AsSpan(_firstPosition, count).CopyTo(buffer);
        _firstPosition += count;
        if (_firstPosition == _firstLength)
        {
            ReturnFirst();
        }

        return count;
    }

    private void ReturnFirst()
    {
        if (_first is { } first)
        {
            _first = null;
            _pool.Return(first);
        }
    }
}
