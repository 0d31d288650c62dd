using System.Net.Sockets;
using Amazon.S3.Model;
using Baton.IO;

namespace Baton.Storage.S3;

/// <summary>
/// The body of a GetObject, read forward. When the connection drops mid-body (which the SDK cannot retry: it has returned
/// the response), the rest is fetched again with a ranged GetObject from the position reached, pinned to the first
/// response's ETag so that a replaced object fails instead of splicing two versions.
/// </summary>
internal sealed class S3ReadStream : ForwardOnlyReadStream
{
    private readonly S3ObjectStore _store;
    private readonly string _key;
    private readonly long _length;
    private readonly string? _etag;
    private GetObjectResponse _response;
    private long _position;
    private int _resumes;

    /// <summary>Wraps a GetObject response; disposing the stream disposes it.</summary>
    public S3ReadStream(S3ObjectStore store, string key, GetObjectResponse response)
    {
        _store = store;
        _key = key;
        _response = response;
        _length = response.ContentLength;
        _etag = response.ETag;
    }

    /// <summary>How many times a dropped body was resumed.</summary>
    public int Resumes => _resumes;

    /// <inheritdoc />
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0)
        {
            return 0;
        }

        while (true)
        {
            Exception failure;
            try
            {
                var read = await _response.ResponseStream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read > 0 || _position >= _length)
                {
                    _position += read;
                    return read;
                }

                failure = new IOException($"the body ended at byte {_position} of {_length}");
            }
            catch (Exception e) when (e is IOException or HttpRequestException or SocketException && !cancellationToken.IsCancellationRequested)
            {
                failure = e;
            }

            await ResumeAsync(failure, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        // Synchronous reads are rare here (the pipeline reads asynchronously); they go through the resuming async path.
        var rented = new byte[buffer.Length];
        var n = ReadAsync(rented).AsTask().GetAwaiter().GetResult();
        rented.AsSpan(0, n).CopyTo(buffer);
        return n;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _response.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task ResumeAsync(Exception failure, CancellationToken cancellationToken)
    {
        if (++_resumes > _store.Settings.MaxAttempts - 1)
        {
            var (kind, reason) = S3Failures.Classify(failure, _store.Settings, _store.Bucket);
            throw ObjectStoreException.Failed(kind is ObjectStoreFailureKind.Timeout ? kind : ObjectStoreFailureKind.Unavailable, _store.Root, $"reading object '{_key}'",
                $"the connection broke at byte {_position} of {_length} and resuming failed {_resumes - 1} times: {reason}", failure);
        }

        _response.Dispose();
        _response = await _store.GetAsync(_key, (_position, _length, _etag), cancellationToken).ConfigureAwait(false);
    }
}
