using System.Net;
using System.Net.Sockets;

namespace Baton.Testing;

/// <summary>
/// The plumbing of a real TCP server on 127.0.0.1 for tests (a silent store, a pacing proxy): a listener on a free port,
/// an accept loop handing each connection to <see cref="ServeAsync"/>, and a dispose that stops it and closes every socket.
/// </summary>
public abstract class LoopbackTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IDisposable> _open = [];
    private Task _loop = Task.CompletedTask;

    /// <summary>The server's base URL, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>Cancelled when the server is disposed.</summary>
    protected CancellationToken Stopping => _stop.Token;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_open)
        {
            _open.ForEach(c => c.Dispose());
        }

        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts listening and accepting; called by the subclass once its own fields are set.</summary>
    /// <param name="receiveBufferSize">The receive buffer of the accepted sockets, or null for the system's.</param>
    protected void Start(int? receiveBufferSize = null)
    {
        if (receiveBufferSize is { } size)
        {
            _listener.Server.ReceiveBufferSize = size;
        }

        _listener.Start();
        _loop = AcceptAsync();
    }

    /// <summary>Closes <paramref name="socket"/> when the server is disposed.</summary>
    protected void Track(IDisposable socket)
    {
        lock (_open)
        {
            _open.Add(socket);
        }
    }

    /// <summary>Serves one accepted connection (already tracked).</summary>
    protected abstract Task ServeAsync(TcpClient client);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Track(client);
            _ = ServeAsync(client);
        }
    }
}
