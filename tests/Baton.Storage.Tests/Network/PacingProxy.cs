using System.Net.Sockets;
using Baton.Testing;

namespace Baton.Storage.Tests.Network;

/// <summary>
/// A real TCP proxy on 127.0.0.1 in front of a server that moves bytes slowly but steadily: at most
/// <see cref="ChunkSize"/> bytes each way, then a pause of <see cref="Pause"/>. A transfer through it lasts long in
/// total while never being silent for long: what a slow network looks like to a store.
/// </summary>
public sealed class PacingProxy : LoopbackTcpServer
{
    private readonly Uri _target;
    private long _upstream;
    private long _downstream;
    private int _pauses;

    /// <param name="target">The server to relay to.</param>
    /// <param name="chunkSize">The most bytes relayed each way between two pauses.</param>
    /// <param name="pause">The pause after each chunk.</param>
    /// <param name="receiveBufferSize">The receive buffer of the proxy's sockets, or null for the system's; small, it keeps
    /// a client's writes in step with what the proxy relays instead of vanishing into kernel buffers.</param>
    public PacingProxy(Uri target, int chunkSize, TimeSpan pause, int? receiveBufferSize = null)
    {
        _target = target;
        ChunkSize = chunkSize;
        Pause = pause;
        Start(receiveBufferSize);
    }

    public int ChunkSize { get; }

    public TimeSpan Pause { get; }

    /// <summary>Bytes relayed from clients to the server.</summary>
    public long Upstream => Interlocked.Read(ref _upstream);

    /// <summary>Bytes relayed from the server to clients.</summary>
    public long Downstream => Interlocked.Read(ref _downstream);

    /// <summary>How many pauses the proxy made.</summary>
    public int Pauses => Volatile.Read(ref _pauses);

    protected override async Task ServeAsync(TcpClient client)
    {
        var server = new TcpClient();
        Track(server);

        try
        {
            await server.ConnectAsync(_target.Host, _target.Port, Stopping);
            await Task.WhenAny(
                PumpAsync(client.GetStream(), server.GetStream(), b => Interlocked.Add(ref _upstream, b)),
                PumpAsync(server.GetStream(), client.GetStream(), b => Interlocked.Add(ref _downstream, b)));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Either side closed, or the proxy stops.
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, Action<int> count)
    {
        var buffer = new byte[ChunkSize];
        try
        {
            while (await from.ReadAsync(buffer, Stopping) is var n and > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, n), Stopping);
                count(n);
                Interlocked.Increment(ref _pauses);
                await Task.Delay(Pause, Stopping);
            }

            to.Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The other pump, or the proxy, ended the relay.
        }
    }
}
