using Baton.IO;
using System.Globalization;
using System.Net;

namespace Baton.Storage;

/// <summary>
/// Fails an HTTP request that moves no bytes for <see cref="Timeout"/>: while it connects, sends its body and waits for
/// the answer's headers, and during each read of the answer's body. A transfer that keeps moving is never cut, however
/// long it takes, and a server that accepts the connection and then says nothing fails within the timeout.
/// </summary>
/// <remarks>
/// <para>
/// The cloud stores put it under their SDK's HTTP client (one per client), so every request, each retry included, has the
/// store's request timeout (<c>BATON__XCOM__REQUEST_TIMEOUT</c>, or the connection's extra <c>timeout</c>). A store of
/// your own over HTTP can do the same. Time the caller spends not reading a body it holds does not count.
/// </para>
/// <para>
/// A request that times out fails with an <see cref="HttpRequestException"/> around an <see cref="IOException"/>, a body
/// read with an <see cref="IOException"/>, each with a <see cref="TimeoutException"/> inside: the shapes the SDKs retry as
/// transport failures. <see cref="IsTimeout"/> recognises them after the SDK has wrapped them. Only asynchronous sends are
/// watched; the SDKs Baton uses send asynchronously.
/// </para>
/// </remarks>
public sealed class IdleTimeoutHandler : DelegatingHandler
{
    /// <summary>Creates the handler over the handler that sends the requests.</summary>
    /// <param name="timeout">How long a request may move no bytes.</param>
    /// <param name="innerHandler">The handler that sends the requests, e.g. a <see cref="SocketsHttpHandler"/>.</param>
    public IdleTimeoutHandler(TimeSpan timeout, HttpMessageHandler innerHandler) : base(innerHandler)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        Timeout = timeout;
    }

    /// <summary>How long a request may move no bytes.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>True when <paramref name="error"/> or an error inside it is a <see cref="TimeoutException"/> (this handler's, or an SDK's own).</summary>
    public static bool IsTimeout(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException)
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsTimeout))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Why a store request timed out, worded alike for every store: the endpoint, the timeout, the attempts, and what to
    /// check or raise.
    /// </summary>
    /// <param name="endpoint">The endpoint, e.g. <c>http://127.0.0.1:9000</c>.</param>
    /// <param name="timeout">The request timeout.</param>
    /// <param name="attempts">How many times the request was sent.</param>
    public static string TimeoutReason(string endpoint, TimeSpan timeout, int attempts) =>
        $"{endpoint} accepted the request but moved no bytes for {Describe(timeout)} ({(attempts == 1 ? "1 attempt" : $"{attempts} attempts")}); " +
        "check that the store is healthy, or raise the connection's extra 'timeout' (seconds) or BATON__XCOM__REQUEST_TIMEOUT if it is only slow";

    /// <summary>A timeout as people should read it: <c>1 s</c>, <c>0.5 s</c>, <c>60 s</c>.</summary>
    public static string Describe(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var watchdog = new Watchdog(Timeout);
        var original = request.Content;
        var handedOver = false;
        try
        {
            HttpResponseMessage response;
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watchdog.Token))
            {
                if (original is not null)
                {
                    request.Content = new WatchedRequestContent(original, watchdog);
                }

                watchdog.Arm();
                try
                {
                    response = await base.SendAsync(request, linked.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (watchdog.Fired && !cancellationToken.IsCancellationRequested
                    && e is OperationCanceledException or IOException or HttpRequestException)
                {
                    var message = Silence(request);
                    throw new HttpRequestException(message, new IOException(message, new TimeoutException(message, e)));
                }
                finally
                {
                    // An SDK that retries may send the same request again; it must find its own content, not a wrapper.
                    request.Content = original;
                }
            }

            watchdog.Disarm();
            if (watchdog.Fired)
            {
                // The answer came as the timer fired: its body gets a fresh timer.
                watchdog.Dispose();
                watchdog = new Watchdog(Timeout);
            }

            response.Content = new WatchedResponseContent(response.Content, watchdog, Silence(request));
            handedOver = true;
            return response;
        }
        finally
        {
            if (!handedOver)
            {
                watchdog.Dispose();
            }
        }
    }

    private string Silence(HttpRequestMessage request) =>
        // The authority only: a query may hold a signature (a SAS token), a path nothing the store message lacks.
        $"{request.Method} to {request.RequestUri?.GetLeftPart(UriPartial.Authority) ?? "the store"} moved no bytes for {Describe(Timeout)} (the request timeout)";

    /// <summary>A timer that cancels its token once it runs out; armed while bytes are awaited, re-armed as they move.</summary>
    private sealed class Watchdog(TimeSpan timeout) : IDisposable
    {
        private readonly CancellationTokenSource _source = new();

        public CancellationToken Token => _source.Token;

        public bool Fired => _source.IsCancellationRequested;

        public void Arm() => Set(timeout);

        public void Disarm() => Set(System.Threading.Timeout.InfiniteTimeSpan);

        public void Dispose() => _source.Dispose();

        private void Set(TimeSpan delay)
        {
            try
            {
                _source.CancelAfter(delay);
            }
            catch (ObjectDisposedException)
            {
                // The response was disposed while a stray write or read finished: nothing to time any more.
            }
        }
    }

    /// <summary>The request's body, re-arming the timer after each write reached the connection.</summary>
    private sealed class WatchedRequestContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly Watchdog _watchdog;

        public WatchedRequestContent(HttpContent inner, Watchdog watchdog)
        {
            _inner = inner;
            _watchdog = watchdog;
            foreach (var header in inner.Headers)
            {
                if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            if (inner.Headers.ContentLength is { } length)
            {
                Headers.ContentLength = length;
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            _inner.CopyToAsync(new WatchedWriteStream(stream, _watchdog), context, cancellationToken);

        protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            _inner.CopyTo(new WatchedWriteStream(stream, _watchdog), context, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = _inner.Headers.ContentLength ?? 0;
            return _inner.Headers.ContentLength is not null;
        }
    }

    /// <summary>
    /// The connection's stream as the request body sees it: each completed write re-arms the timer. A large write is sent
    /// in slices, so that a slow link which keeps taking bytes re-arms the timer as it goes.
    /// </summary>
    private sealed class WatchedWriteStream(Stream inner, Watchdog watchdog) : ForwardOnlyWriteStream
    {
        private const int Slice = 64 * 1024;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            for (var offset = 0; offset < buffer.Length; offset += Slice)
            {
                inner.Write(buffer.Slice(offset, Math.Min(Slice, buffer.Length - offset)));
                watchdog.Arm();
            }
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            for (var offset = 0; offset < buffer.Length; offset += Slice)
            {
                await inner.WriteAsync(buffer.Slice(offset, Math.Min(Slice, buffer.Length - offset)), cancellationToken).ConfigureAwait(false);
                watchdog.Arm();
            }
        }

        public override void Flush()
        {
            inner.Flush();
            watchdog.Arm();
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
            watchdog.Arm();
        }
    }

    /// <summary>The answer's body, read through <see cref="WatchedReadStream"/>; disposing it ends the timer.</summary>
    private sealed class WatchedResponseContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly Watchdog _watchdog;
        private readonly string _silence;

        public WatchedResponseContent(HttpContent inner, Watchdog watchdog, string silence)
        {
            _inner = inner;
            _watchdog = watchdog;
            _silence = silence;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
            new WatchedReadStream(await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _watchdog, _silence);

        protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

        protected override Stream CreateContentReadStream(CancellationToken cancellationToken) =>
            new WatchedReadStream(_inner.ReadAsStream(cancellationToken), _watchdog, _silence);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            var source = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                await source.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                _watchdog.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>The answer's body: the timer runs during each read only, so a caller that pauses between reads is not timed.</summary>
    private sealed class WatchedReadStream(Stream inner, Watchdog watchdog, string silence) : ForwardOnlyReadStream
    {
        public override int Read(Span<byte> buffer)
        {
            watchdog.Arm();
            // A synchronous read cannot be cancelled: closing the stream under it ends it.
            using var closeOnTimeout = watchdog.Token.Register(static s => ((Stream)s!).Dispose(), inner);
            try
            {
                return inner.Read(buffer);
            }
            catch (Exception e) when (watchdog.Fired && e is IOException or ObjectDisposedException or OperationCanceledException)
            {
                throw TimedOut(e);
            }
            finally
            {
                watchdog.Disarm();
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            watchdog.Arm();
            try
            {
                if (!cancellationToken.CanBeCanceled)
                {
                    return await inner.ReadAsync(buffer, watchdog.Token).ConfigureAwait(false);
                }

                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watchdog.Token);
                return await inner.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (watchdog.Fired && !cancellationToken.IsCancellationRequested
                && e is IOException or ObjectDisposedException or OperationCanceledException)
            {
                throw TimedOut(e);
            }
            finally
            {
                watchdog.Disarm();
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private IOException TimedOut(Exception cause)
        {
            var message = silence.Replace(" moved no bytes", "'s answer moved no bytes", StringComparison.Ordinal);
            return new IOException(message, new TimeoutException(message, cause));
        }
    }
}
