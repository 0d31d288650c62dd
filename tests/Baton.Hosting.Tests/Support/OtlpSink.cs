using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Baton.Hosting.Tests.Support;

/// <summary>
/// A stand-in for an OpenTelemetry collector on loopback: it accepts connections, reads each HTTP request (OTLP over
/// http/protobuf), answers 200 and records the request line. Connections count even when nothing valid is sent (gRPC).
/// </summary>
internal sealed class OtlpSink : IAsyncDisposable
{
    private readonly List<TcpListener> _listeners = [];
    private readonly List<string> _requests = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private int _connections;

    /// <summary>Listens on 127.0.0.1 (and on [::1] with <paramref name="alsoIpv6"/>) at <paramref name="port"/>, 0 for any free port.</summary>
    public OtlpSink(int port = 0, bool alsoIpv6 = false)
    {
        _listeners.Add(new TcpListener(IPAddress.Loopback, port));
        if (alsoIpv6)
        {
            _listeners.Add(new TcpListener(IPAddress.IPv6Loopback, port));
        }

        foreach (var listener in _listeners)
        {
            listener.Start();
            _loops.Add(AcceptAsync(listener));
        }

        Port = ((IPEndPoint)_listeners[0].LocalEndpoint).Port;
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The request lines received so far, e.g. <c>POST /v1/metrics HTTP/1.1</c>.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var listener in _listeners)
        {
            listener.Stop();
        }

        await Task.WhenAll(_loops.Select(l => l.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            while (await reader.ReadLineAsync(_stop.Token) is { Length: > 0 } requestLine)
            {
                var length = 0;
                var chunked = false;
                while (await reader.ReadLineAsync(_stop.Token) is { Length: > 0 } header)
                {
                    if (header.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    {
                        length = int.Parse(header["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
                    }

                    chunked |= header.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) && header.Contains("chunked", StringComparison.OrdinalIgnoreCase);
                }

                // ASCII decodes one char per byte, so lengths in bytes are lengths in chars here.
                if (chunked)
                {
                    while (await reader.ReadLineAsync(_stop.Token) is { } size && int.Parse(size.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture) is var chunk and > 0)
                    {
                        await reader.ReadBlockAsync(new char[chunk + 2], _stop.Token);
                    }

                    await reader.ReadLineAsync(_stop.Token);
                }
                else
                {
                    await reader.ReadBlockAsync(new char[length], _stop.Token);
                }

                lock (_requests)
                {
                    _requests.Add(requestLine);
                }

                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
        {
            // The client closed the connection, or the sink is stopping.
        }
    }
}
