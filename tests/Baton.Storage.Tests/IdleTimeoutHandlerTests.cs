using System.Net;
using Baton.Storage.Tests.Network;
using Baton.Testing;

namespace Baton.Storage.Tests;

/// <summary>
/// The request timeout every cloud store has: it counts silence, not duration. Against real sockets: a server that
/// accepts and never answers, one that stalls in its answer's body, and a slow but steady link through a pacing proxy.
/// </summary>
public sealed class IdleTimeoutHandlerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private const int SmallBuffer = 16 * 1024;

    private static HttpClient Client(TimeSpan? timeout = null) => new(new IdleTimeoutHandler(timeout ?? Timeout, new SocketsHttpHandler
    {
        // Small socket buffers, so a write completes when the link took it, as on a slow network, not when the kernel did.
        ConnectCallback = async (context, token) =>
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true, SendBufferSize = SmallBuffer };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException)
            {
                socket.Dispose();
                throw;
            }
        },
    }))
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    [Fact(Timeout = 60_000)]
    public async Task Send_ToAServerThatAcceptsAndNeverAnswers_FailsAsATimeoutNamingTheServer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new SilentServer();
        using var client = Client();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(server.Endpoint, "/bucket/key?sig=secret"), ct));

        Assert.True(IdleTimeoutHandler.IsTimeout(error), error.ToString());
        Assert.Equal($"GET to {server.Endpoint.GetLeftPart(UriPartial.Authority)} moved no bytes for 1 s (the request timeout)", error.Message);
        Assert.IsType<IOException>(error.InnerException);
        Assert.Equal(1, server.Connections);
    }

    [Fact(Timeout = 60_000)]
    public async Task Read_OfABodyThatStalls_FailsAsATimeout()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new SilentServer(SilentServer.Mode.StallInBody);
        using var client = Client();
        using var response = await client.GetAsync(server.Endpoint, HttpCompletionOption.ResponseHeadersRead, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);

        var error = await Assert.ThrowsAsync<IOException>(() => body.CopyToAsync(Stream.Null, ct));

        Assert.True(IdleTimeoutHandler.IsTimeout(error), error.ToString());
        Assert.Contains("moved no bytes for 1 s", error.Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task Transfers_ThatKeepMovingLongerThanTheTimeout_AreNotCut()
    {
        var ct = TestContext.Current.CancellationToken;
        const int Size = 256 * 1024;
        await using var server = new ByteServer(Size);
        // 8 KiB then 100 ms, each way: 256 KiB take over 3 s, more than the timeout, and no pause comes near it. After the
        // last write the socket buffers (about 64 KiB here) still drain for under a second: the answer's wait, which the
        // timeout covers as botocore's read_timeout does.
        await using var proxy = new PacingProxy(server.Endpoint, 8 * 1024, TimeSpan.FromMilliseconds(100), SmallBuffer);
        var timeout = TimeSpan.FromSeconds(2);
        using var client = Client(timeout);
        var upload = TestData.RandomBytes(Size, 3);

        using var put = await client.PostAsync(proxy.Endpoint, new ByteArrayContent(upload), ct);
        var download = await client.GetByteArrayAsync(proxy.Endpoint, ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(Size.ToString(System.Globalization.CultureInfo.InvariantCulture), await put.Content.ReadAsStringAsync(ct));
        Assert.Equal(TestData.RandomBytes(Size, 7), download);
        Assert.True(proxy.Pauses * proxy.Pause > timeout, $"{proxy.Pauses} pauses");
    }

    [Fact]
    public void IsTimeout_FindsTheTimeoutInsideWrappersAndAggregates()
    {
        var wrapped = new AggregateException(new IOException("first"), new HttpRequestException("second", new IOException("io", new TimeoutException("t"))));

        Assert.True(IdleTimeoutHandler.IsTimeout(wrapped));
        Assert.False(IdleTimeoutHandler.IsTimeout(new HttpRequestException("refused", new IOException("reset"))));
    }

    /// <summary>An HTTP server that answers a POST with the length of its body and a GET with <c>size</c> seeded bytes.</summary>
    private sealed class ByteServer : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;
        private readonly int _size;

        public ByteServer(int size)
        {
            _size = size;
            var port = Gcs.FakeGcsServer.FreePort();
            Endpoint = new Uri($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Add(Endpoint.AbsoluteUri);
            _listener.Start();
            _loop = Task.Run(LoopAsync);
        }

        public Uri Endpoint { get; }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _listener.Close();
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                var context = await _listener.GetContextAsync();
                var response = context.Response;
                if (context.Request.HttpMethod == "POST")
                {
                    var length = 0L;
                    var buffer = new byte[8192];
                    while (await context.Request.InputStream.ReadAsync(buffer) is var n and > 0)
                    {
                        length += n;
                    }

                    var text = System.Text.Encoding.ASCII.GetBytes(length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    await response.OutputStream.WriteAsync(text);
                }
                else
                {
                    response.ContentLength64 = _size;
                    await response.OutputStream.WriteAsync(TestData.RandomBytes(_size, 7));
                }

                response.Close();
            }
        }
    }
}
