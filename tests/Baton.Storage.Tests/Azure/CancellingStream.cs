using Baton.IO;

namespace Baton.Storage.Tests.Azure;

/// <summary>A non-seekable source that cancels a token once a number of bytes has been read.</summary>
public sealed class CancellingStream(byte[] data, int cancelAfter, CancellationTokenSource cancel) : ForwardOnlyReadStream
{
    private readonly NonSeekableStream _inner = new(data);
    private long _read;

    public override int Read(Span<byte> buffer)
    {
        var n = _inner.Read(buffer);
        _read += n;
        if (_read >= cancelAfter)
        {
            cancel.Cancel();
        }

        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _inner.ReadAsync(buffer, CancellationToken.None);
        _read += n;
        if (_read >= cancelAfter)
        {
            await cancel.CancelAsync();
        }

        return n;
    }
}
