using Azure.Storage.Blobs;
using Baton.Configuration;
using Baton.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Baton.Storage.Azure;

/// <summary>
/// Opens Azure Blob Storage URLs: <c>az://conn_id@container/prefix</c> (the connection id in the user part, the container
/// as host, then a prefix or key), and the Hadoop forms <c>abfs[s]://container@ACCOUNT.dfs.core.windows.net/prefix?conn_id=ID</c>
/// and <c>wasb[s]://container@ACCOUNT.blob.core.windows.net/prefix?conn_id=ID</c>, whose host must name the connection's
/// account. Every form opens the same store, whose root is <c>az://conn_id@container</c>. Caching and disposal come from
/// <see cref="ObjectStoreProvider"/>.
/// </summary>
/// <remarks>
/// The connection has type <c>wasb</c>; see <c>docs/stores/azure.md</c> for its fields. Transient faults are retried by the
/// SDK's own policy, Azure.Core's <c>RetryPolicy</c> in exponential mode: delays from 0.8 s doubling with jitter up to 30 s,
/// 5 retries (extra <c>retry_total</c>); it retries transport failures, timeouts (a try that moves no bytes for the request
/// timeout) and answers 408, 429, 500, 502, 503 and 504, each staged block on its own. Uploads larger than one request are
/// staged as blocks and committed at the end, so a write that fails after its retries leaves no object.
/// </remarks>
internal sealed class AzureBlobObjectStoreProvider : ObjectStoreProvider
{
    private readonly ILogger _logger;
    private readonly Action<BlobClientOptions>? _configureClient;

    /// <summary>Creates the provider over the connection resolver, with the <c>xcom</c> settings' request timeout.</summary>
    public AzureBlobObjectStoreProvider(ConnectionResolver connections, IOptions<XComOptions> options, ILogger<AzureBlobObjectStoreProvider>? logger = null)
        : base(connections, options)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Creates the provider with a hook on the SDK's client options (tests add pipeline policies).</summary>
    internal AzureBlobObjectStoreProvider(ConnectionResolver connections, TimeSpan? requestTimeout = null, ILogger? logger = null, Action<BlobClientOptions>? configureClient = null)
        : base(connections, requestTimeout)
    {
        _logger = logger ?? NullLogger.Instance;
        _configureClient = configureClient;
    }

    /// <inheritdoc />
    public override IReadOnlyCollection<string> Schemes => AzureBlobLocation.Schemes;

    /// <inheritdoc />
    public override IReadOnlyCollection<string> ConnectionTypes => AzureBlobConnection.ConnectionTypes;

    /// <inheritdoc />
    public override string ContainerNoun => "container";

    /// <inheritdoc />
    protected override ObjectStoreUrl ParseUrl(Uri url) => AzureBlobLocation.Parse(url);

    /// <inheritdoc />
    protected override Task<IObjectStore> CreateStoreAsync(ObjectStoreUrl location, Connection? connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(connection);
        CheckConnectionType(connection);
        var azure = AzureBlobConnection.Create(connection, _configureClient, RequestTimeout);
        _logger.LogInformation("Connection {ConnId}: Azure Blob account {Account} at {Endpoint}, authenticated with {Authentication}",
            connection.ConnId, azure.AccountName, azure.ServiceUri, azure.Authentication);
        return Task.FromResult<IObjectStore>(new AzureBlobObjectStore(azure, location.Container));
    }

    /// <inheritdoc />
    /// <exception cref="BatonConfigurationException">An abfs/wasb URL's host names another account than the connection's.</exception>
    protected override void OnOpened(Uri url, ObjectStoreUrl location, IObjectStore store)
    {
        var azure = (AzureBlobLocation)location;
        var connection = ((AzureBlobObjectStore)store).Connection;
        if (azure.AccountName is { } account && !string.Equals(account, connection.AccountName, StringComparison.OrdinalIgnoreCase))
        {
            throw new BatonConfigurationException(
                $"'{AzureBlobLocation.Redacted(url)}' names storage account '{account}', but connection '{azure.ConnId}' is for account " +
                $"'{connection.AccountName}'; use a connection for that account, or write az://{azure.ConnId}@{azure.Container}/{azure.Path}.");
        }
    }

    /// <inheritdoc />
    protected override string? DefaultContainer(Connection connection)
    {
        var extra = new ConnectionExtraReader(connection, "wasb");
        return extra.Text("container_name") ?? extra.Text("bucket_name");
    }

    /// <inheritdoc />
    protected override string? ContainerProblem(string container) =>
        AzureBlobLocation.IsValidContainerName(container)
            ? null
            : $"'{container}' is not a valid container name (3-63 lower-case letters, digits and single dashes, starting and ending with a letter or digit)";

    /// <inheritdoc />
    protected override string DescribeStore(IObjectStore store)
    {
        var blob = (AzureBlobObjectStore)store;
        var azure = blob.Connection;
        return $"container '{blob.ContainerName}' of storage account '{azure.AccountName}' at {azure.ServiceUri} ({azure.Authentication})";
    }
}
