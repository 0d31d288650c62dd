using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Baton.Storage.Tests.Gcs;

/// <summary>
/// A small stand-in for the Cloud Storage JSON API on 127.0.0.1, for what the emulator cannot show: resumable uploads in
/// several chunks done by the protocol (308 and Range, status queries, session cancel), server errors, rejected
/// credentials and missing buckets. It keeps finished objects in memory.
/// </summary>
public sealed class FakeGcsServer : IAsyncDisposable
{
    public const string MissingBucket = "missing-bucket";

    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly ConcurrentDictionary<string, Session> _sessions = new();
    private int _nextSession;

    public FakeGcsServer()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    /// <summary>Finished objects by bucket/name.</summary>
    public ConcurrentDictionary<string, StoredObject> Objects { get; } = new();

    /// <summary>The body length of every data chunk received (status queries excluded).</summary>
    public ConcurrentQueue<int> Chunks { get; } = new();

    /// <summary>Session ids cancelled with DELETE.</summary>
    public ConcurrentQueue<string> CancelledSessions { get; } = new();

    /// <summary>Errors of the fake itself (a test asserts there are none).</summary>
    public ConcurrentQueue<string> Failures { get; } = new();

    /// <summary>Every request as "METHOD path".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Answer /batch/storage/v1 (deletes only); off, it answers 501 like the emulator.</summary>
    public bool SupportsBatch { get; set; }

    /// <summary>How many requests each batch carried.</summary>
    public ConcurrentQueue<int> Batches { get; } = new();

    /// <summary>Answer 401 to any request that carries credentials.</summary>
    public bool RejectCredentials { get; set; }

    /// <summary>Data chunks (0-based, counting every try) that get a 503 instead of being stored.</summary>
    public Func<int, bool> FailChunk { get; set; } = _ => false;

    private int _chunkTries = -1;

    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            var body = await ReadBodyAsync(request);
            var path = request.Url!.AbsolutePath;
            Requests.Enqueue($"{request.HttpMethod} {path}");
            if (RejectCredentials && request.Headers["Authorization"] is not null)
            {
                await ErrorAsync(response, 401, "Invalid Credentials", "authError");
                return;
            }

            if (path.Contains($"/b/{MissingBucket}/", StringComparison.Ordinal))
            {
                await ErrorAsync(response, 404, "The specified bucket does not exist.", "notFound");
                return;
            }

            var uploadId = request.QueryString["upload_id"];
            switch (request.HttpMethod)
            {
                case "POST" when path == "/batch/storage/v1" && SupportsBatch:
                    await BatchAsync(response, Encoding.UTF8.GetString(body));
                    break;
                case "POST" when path.StartsWith("/upload/storage/v1/b/", StringComparison.Ordinal):
                    StartSession(request, response, path, body);
                    break;
                case "PUT" when uploadId is not null && _sessions.TryGetValue(uploadId, out var session):
                    await PutChunkAsync(request, response, session, body);
                    break;
                case "DELETE" when uploadId is not null:
                    CancelledSessions.Enqueue(uploadId);
                    _sessions.TryRemove(uploadId, out _);
                    response.StatusCode = 499;
                    break;
                case "GET" when path.StartsWith("/storage/v1/b/", StringComparison.Ordinal) && ObjectName(path) is { } name:
                    if (Objects.TryGetValue(name, out var stored))
                    {
                        await JsonAsync(response, 200, stored.Resource());
                    }
                    else
                    {
                        await ErrorAsync(response, 404, "No such object: " + name, "notFound");
                    }

                    break;
                case "DELETE" when path.StartsWith("/storage/v1/b/", StringComparison.Ordinal) && ObjectName(path) is { } name:
                    response.StatusCode = Objects.TryRemove(name, out _) ? 204 : 404;
                    break;
                default:
                    response.StatusCode = 501;
                    break;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Failures.Enqueue(e.ToString());
            response.StatusCode = 400;
        }
        finally
        {
            response.Close();
        }
    }

    private void StartSession(HttpListenerRequest request, HttpListenerResponse response, string path, byte[] body)
    {
        var bucket = path["/upload/storage/v1/b/".Length..].Split('/')[0];
        using var json = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
        var name = request.QueryString["name"] ?? json.RootElement.GetProperty("name").GetString()!;
        var metadata = json.RootElement.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
            ? m.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : [];
        var id = Interlocked.Increment(ref _nextSession).ToString(CultureInfo.InvariantCulture);
        _sessions[id] = new Session(bucket, name, metadata);
        response.StatusCode = 200;
        response.AddHeader("Location", $"http://127.0.0.1:{Port}/upload/storage/v1/b/{bucket}/o?uploadType=resumable&upload_id={id}");
    }

    private async Task PutChunkAsync(HttpListenerRequest request, HttpListenerResponse response, Session session, byte[] body)
    {
        // Content-Range: "bytes a-b/total", "bytes a-b/*", "bytes */total" (last, empty) or "bytes */*" (status query).
        var range = request.Headers["Content-Range"] ?? "";
        var spec = range["bytes ".Length..];
        var (span, total) = (spec[..spec.IndexOf('/', StringComparison.Ordinal)], spec[(spec.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        if (span == "*" && body.Length == 0 && total == "*")
        {
            Incomplete(response, session);
            return;
        }

        if (span != "*")
        {
            if (FailChunk(Interlocked.Increment(ref _chunkTries)))
            {
                await ErrorAsync(response, 503, "Backend Error", "backendError");
                return;
            }

            var start = long.Parse(span[..span.IndexOf('-', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            if (start != session.Data.Length)
            {
                await ErrorAsync(response, 400, $"chunk starts at {start}, the session has {session.Data.Length}", "invalid");
                return;
            }

            Chunks.Enqueue(body.Length);
            session.Data.Write(body);
        }

        if (total != "*" && long.Parse(total, CultureInfo.InvariantCulture) == session.Data.Length)
        {
            var stored = new StoredObject(session.Bucket, session.Name, session.Data.ToArray(), session.Metadata);
            Objects[session.Name] = stored;
            await JsonAsync(response, 200, stored.Resource());
            return;
        }

        Incomplete(response, session);
    }

    private async Task BatchAsync(HttpListenerResponse response, string body)
    {
        const string Boundary = "batch_fake";
        var parts = new StringBuilder();
        var deletes = System.Text.RegularExpressions.Regex.Matches(body, @"^DELETE (\S+)", System.Text.RegularExpressions.RegexOptions.Multiline);
        Batches.Enqueue(deletes.Count);
        var index = 0;
        foreach (System.Text.RegularExpressions.Match delete in deletes)
        {
            var target = delete.Groups[1].Value;
            var name = ObjectName(new Uri(new Uri("http://x"), target).AbsolutePath)!;
            parts.Append(CultureInfo.InvariantCulture, $"--{Boundary}\r\nContent-Type: application/http\r\nContent-ID: <response-{++index}>\r\n\r\n");
            parts.Append(Objects.TryRemove(name, out _)
                ? "HTTP/1.1 204 No Content\r\n\r\n\r\n"
                : "HTTP/1.1 404 Not Found\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n{\"error\":{\"code\":404,\"message\":\"No such object: " + name + "\"}}\r\n");
        }

        parts.Append(CultureInfo.InvariantCulture, $"--{Boundary}--\r\n");
        response.StatusCode = 200;
        response.ContentType = $"multipart/mixed; boundary={Boundary}";
        await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(parts.ToString()));
    }

    private static void Incomplete(HttpListenerResponse response, Session session)
    {
        response.StatusCode = 308;
        if (session.Data.Length > 0)
        {
            response.AddHeader("Range", $"bytes=0-{session.Data.Length - 1}");
        }
    }

    private static string? ObjectName(string path)
    {
        var marker = path.IndexOf("/o/", StringComparison.Ordinal);
        return marker < 0 ? null : Uri.UnescapeDataString(path[(marker + 3)..]);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpListenerRequest request)
    {
        using var buffer = new MemoryStream();
        if (string.Equals(request.Headers["Content-Encoding"], "gzip", StringComparison.OrdinalIgnoreCase))
        {
            await using var gzip = new System.IO.Compression.GZipStream(request.InputStream, System.IO.Compression.CompressionMode.Decompress);
            await gzip.CopyToAsync(buffer);
        }
        else
        {
            await request.InputStream.CopyToAsync(buffer);
        }

        return buffer.ToArray();
    }

    private static Task JsonAsync(HttpListenerResponse response, int status, object value)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=UTF-8";
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value);
        return response.OutputStream.WriteAsync(bytes).AsTask();
    }

    private static Task ErrorAsync(HttpListenerResponse response, int status, string message, string reason) =>
        JsonAsync(response, status, new { error = new { code = status, message, errors = new[] { new { message, domain = "global", reason } } } });

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }

    private sealed record Session(string Bucket, string Name, Dictionary<string, string> Metadata)
    {
        public MemoryStream Data { get; } = new();
    }

    public sealed record StoredObject(string Bucket, string Name, byte[] Data, Dictionary<string, string> Metadata)
    {
        public object Resource() => new Dictionary<string, object>
        {
            ["kind"] = "storage#object",
            ["bucket"] = Bucket,
            ["name"] = Name,
            ["size"] = Data.Length.ToString(CultureInfo.InvariantCulture),
            ["generation"] = "1",
            ["updated"] = "2024-01-01T00:00:00.000Z",
            ["metadata"] = Metadata,
        };
    }
}
