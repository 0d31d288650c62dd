using System.Net;
using System.Net.Sockets;

namespace Baton.Web.BrowserTests.Support;

/// <summary>
/// A real HTTP server on loopback serving the tutorial's bundled PokeAPI sample, so the DAG's HTTP code runs for real
/// (a copy of Baton.Hosting.Tests' own).
/// </summary>
internal sealed class SamplePokeApi : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _root;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    /// <summary>Serves <paramref name="root"/> (a folder holding <c>api/v2/pokemon/NAME</c>), or the repository's bundled sample.</summary>
    public SamplePokeApi(string? root = null)
    {
        _root = root is null ? FindSampleDirectory() : Path.GetFullPath(root);
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}/api/v2/";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    public int Requests { get; private set; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            Requests++;
            var path = Path.GetFullPath(Path.Combine(_root, context.Request.Url!.AbsolutePath.TrimStart('/')));
            if (path.StartsWith(_root, StringComparison.Ordinal) && File.Exists(path))
            {
                context.Response.ContentType = "application/json";
                var bytes = await File.ReadAllBytesAsync(path);
                await context.Response.OutputStream.WriteAsync(bytes);
            }
            else
            {
                context.Response.StatusCode = 404;
            }

            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static string FindSampleDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", "XComTutorial", "SampleData", "pokeapi");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("examples/XComTutorial/SampleData/pokeapi not found above " + AppContext.BaseDirectory);
    }
}
