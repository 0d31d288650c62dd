using System.Net.Sockets;
using System.Text;

namespace Baton.Testing;

/// <summary>
/// A real TCP server on 127.0.0.1 that accepts every connection and reads what it is sent, and then either never answers
/// (<see cref="Mode.Silent"/>) or answers the first request's headers and stalls in its body (<see cref="Mode.StallInBody"/>):
/// a store that is up but hangs.
/// </summary>
public sealed class SilentServer : LoopbackTcpServer
{
    private readonly Mode _mode;
    private int _connections;

    public SilentServer(Mode mode = Mode.Silent)
    {
        _mode = mode;
        Start();
    }

    public enum Mode
    {
        /// <summary>Accept, read, never write a byte.</summary>
        Silent,

        /// <summary>Answer 200 with a body of 1 MB, send 10 bytes of it, then nothing.</summary>
        StallInBody,
    }

    /// <summary>How many connections it accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    protected override async Task ServeAsync(TcpClient client)
    {
        Interlocked.Increment(ref _connections);
        var buffer = new byte[64 * 1024];
        var stream = client.GetStream();
        var seen = new StringBuilder();
        var answered = false;
        try
        {
            while (await stream.ReadAsync(buffer, Stopping) is var n and > 0)
            {
                if (_mode == Mode.StallInBody && !answered)
                {
                    seen.Append(Encoding.Latin1.GetString(buffer, 0, n));
                    if (seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        answered = true;
                        var head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 1048576\r\nETag: \"stall\"\r\n\r\n0123456789";
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Stopping);
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client gave up (its timeout) or the server stops: both are the end of this connection.
        }
    }
}
