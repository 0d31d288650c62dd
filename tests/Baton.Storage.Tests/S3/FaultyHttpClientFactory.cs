using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Amazon.Runtime;

namespace Baton.Storage.Tests.S3;

/// <summary>
/// HTTP clients for the SDK that record every request, track how many parts travel at once, and let a test answer a
/// request itself (a 500, a 503, a dropped connection) or damage a response before the SDK sees it.
/// </summary>
public sealed class FaultyHttpClientFactory : HttpClientFactory
{
    private int _partsInFlight;
    private int _maxPartsInFlight;

    /// <summary>"METHOD path?query" of every request, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Answers a request instead of the server (or throws to drop it); null lets it through.</summary>
    public Func<HttpRequestMessage, HttpResponseMessage?>? Fault { get; set; }

    /// <summary>Changes a response from the server before the SDK reads it.</summary>
    public Func<HttpRequestMessage, HttpResponseMessage, HttpResponseMessage>? Damage { get; set; }

    /// <summary>The most UploadPart requests seen in flight at once.</summary>
    public int MaxPartsInFlight => Volatile.Read(ref _maxPartsInFlight);

    public static bool IsUploadPart(HttpRequestMessage request) =>
        request.Method == HttpMethod.Put && request.RequestUri!.Query.Contains("partNumber=", StringComparison.Ordinal);

    public static bool IsGetObject(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.Count(c => c == '/') > 1 && request.RequestUri.Query.Length == 0;

    public static HttpResponseMessage S3Error(HttpStatusCode status, string code, string message) => new(status)
    {
        Content = new StringContent($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>test</RequestId></Error>",
            Encoding.UTF8, "application/xml"),
    };

    public int Count(Func<string, bool> predicate) => Requests.Count(predicate);

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Handler(this, new SocketsHttpHandler()));

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public override string GetConfigUniqueString(IClientConfig clientConfig) => "faulty-" + GetHashCode();

    private sealed class Handler(FaultyHttpClientFactory owner, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            owner.Requests.Enqueue($"{request.Method} {request.RequestUri!.PathAndQuery}");
            var isPart = IsUploadPart(request);
            if (isPart)
            {
                var now = Interlocked.Increment(ref owner._partsInFlight);
                int seen;
                while ((seen = Volatile.Read(ref owner._maxPartsInFlight)) < now && Interlocked.CompareExchange(ref owner._maxPartsInFlight, now, seen) != seen)
                {
                }
            }

            try
            {
                if (owner.Fault?.Invoke(request) is { } injected)
                {
                    return injected;
                }

                var response = await base.SendAsync(request, cancellationToken);
                return owner.Damage is { } damage ? damage(request, response) : response;
            }
            finally
            {
                if (isPart)
                {
                    Interlocked.Decrement(ref owner._partsInFlight);
                }
            }
        }
    }
}
