using System.Net;
using Amazon.Runtime;

namespace Baton.Storage.S3;

/// <summary>
/// The HTTP clients of Baton's S3 (and STS) clients: the SDK's own settings (redirects, no decompression, proxy), with an
/// <see cref="IdleTimeoutHandler"/> under them so a request that moves no bytes for the connection's request timeout
/// fails instead of hanging, and no limit on a request's total duration (a large part still moving is never cut).
/// </summary>
internal sealed class S3HttpClientFactory(TimeSpan requestTimeout, TimeSpan? connectTimeout) : HttpClientFactory
{
    /// <inheritdoc />
    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);
        var transport = new SocketsHttpHandler
        {
            AllowAutoRedirect = clientConfig.AllowAutoRedirect,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        if (connectTimeout is { } connect)
        {
            transport.ConnectTimeout = connect;
        }

        if (clientConfig.MaxConnectionsPerServer is { } max)
        {
            transport.MaxConnectionsPerServer = max;
        }

        if (clientConfig.GetWebProxy() is { } proxy)
        {
            proxy.Credentials ??= clientConfig.ProxyCredentials;
            transport.Proxy = proxy;
        }

        return new HttpClient(new IdleTimeoutHandler(requestTimeout, transport)) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
