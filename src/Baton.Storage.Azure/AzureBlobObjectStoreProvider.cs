using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using Baton.Configuration;
using Baton.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baton.Storage.Azure;

/// <summary>
/// Opens Azure Blob Storage URLs: <c>az://conn_id@container/prefix</c> (the connection id in the user part, the container
/// as host, then a prefix or key), and the Hadoop forms <c>abfs[s]://container@ACCOUNT.dfs.core.windows.net/prefix?conn_id=ID</c>
/// and <c>wasb[s]://container@ACCOUNT.blob.core.windows.net/prefix?conn_id=ID</c>, whose host must name the connection's
/// account. Every form opens the same store, whose root is <c>az://conn_id@container</c>.
/// </summary>
/// <remarks>
/// The connection (type <c>wasb</c>) is looked up with <see cref="ConnectionResolver"/> the first time a container of it
/// is opened; its client and the store are then kept for the provider's lifetime, so a changed connection is picked up
/// by a new process. See <c>docs/stores/azure.md</c> for the connection fields.
/// <para>
/// Transient faults are retried by the SDK's own policy, Azure.Core's <c>RetryPolicy</c> in exponential mode: delays from
/// 0.8 s doubling with jitter up to 30 s, 5 retries (extra <c>retry_total</c>), 100 s per try; it retries transport
/// failures, timeouts and answers 408, 429, 500, 502, 503 and 504, each staged block on its own. Uploads larger than one
/// request are staged as blocks and committed at the end, so a write that fails after its retries leaves no object.
/// </para>
/// </remarks>
public sealed class AzureBlobObjectStoreProvider : IObjectStoreProvider
{
    private readonly ConnectionResolver _connections;
    private readonly ILogger _logger;
    private readonly Action<BlobClientOptions>? _configureClient;
    private readonly ConcurrentDictionary<string, AzureBlobConnection> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string ConnId, string Container), AzureBlobObjectStore> _stores = new();

    /// <summary>Creates the provider over the connection resolver.</summary>
    public AzureBlobObjectStoreProvider(ConnectionResolver connections, ILogger<AzureBlobObjectStoreProvider>? logger = null)
        : this(connections, logger, configureClient: null)
    {
    }

    /// <summary>Creates the provider with a hook on the SDK's client options (tests add pipeline policies).</summary>
    internal AzureBlobObjectStoreProvider(ConnectionResolver connections, ILogger? logger, Action<BlobClientOptions>? configureClient)
    {
        ArgumentNullException.ThrowIfNull(connections);
        _connections = connections;
        _logger = logger ?? NullLogger.Instance;
        _configureClient = configureClient;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Schemes => AzureBlobLocation.Schemes;

    /// <inheritdoc />
    /// <exception cref="BatonConfigurationException">The URL is malformed, the connection is not a usable <c>wasb</c> connection, or an abfs/wasb URL's host names another account.</exception>
    /// <exception cref="ConnectionNotFoundException">No connection has the URL's id.</exception>
    public async ValueTask<ObjectStoreAddress> OpenAsync(Uri url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        var location = AzureBlobLocation.Parse(url);
        if (!_stores.TryGetValue((location.ConnId, location.Container), out var store))
        {
            var connection = await ConnectionAsync(location.ConnId, cancellationToken).ConfigureAwait(false);
            store = _stores.GetOrAdd((location.ConnId, location.Container), _ => new AzureBlobObjectStore(connection, location.Container));
        }

        if (location.AccountName is { } account && !string.Equals(account, store.Connection.AccountName, StringComparison.OrdinalIgnoreCase))
        {
            throw new BatonConfigurationException(
                $"'{AzureBlobLocation.Redacted(url)}' names storage account '{account}', but connection '{location.ConnId}' is for account " +
                $"'{store.Connection.AccountName}'; use a connection for that account, or write az://{location.ConnId}@{location.Container}/{location.Path}.");
        }

        return new ObjectStoreAddress(store, location.Path);
    }

    private async ValueTask<AzureBlobConnection> ConnectionAsync(string connId, CancellationToken cancellationToken)
    {
        if (_clients.TryGetValue(connId, out var cached))
        {
            return cached;
        }

        var connection = await _connections.GetConnectionAsync(connId, cancellationToken).ConfigureAwait(false);
        var azure = AzureBlobConnection.Create(connection, _configureClient);
        if (_clients.TryAdd(connId, azure))
        {
            _logger.LogInformation("Connection {ConnId}: Azure Blob account {Account} at {Endpoint}, authenticated with {Authentication}",
                connId, azure.AccountName, azure.ServiceUri, azure.Authentication);
        }

        return _clients[connId];
    }
}
