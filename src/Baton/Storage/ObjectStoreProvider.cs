using System.Collections.Concurrent;
using Baton.Configuration;
using Baton.Connections;
using Microsoft.Extensions.Options;

namespace Baton.Storage;

/// <summary>
/// The base of a store provider whose URLs name a connection and a container (<c>scheme://conn_id@container/prefix</c>):
/// it parses nothing and builds nothing itself, but keeps one store per (connection, container) for its lifetime, builds
/// each once even when many callers open it at once, does not keep a failed build (a connection defined or fixed later is
/// picked up), and disposes every store it built exactly once. The same <see cref="CreateStoreAsync"/> serves
/// <c>connections test</c>, which runs one probe for every store (see <see cref="ObjectStoreServiceCollectionExtensions.AddObjectStoreProvider{TProvider}"/>).
/// </summary>
/// <remarks>
/// A new store derives from this class and implements <see cref="Schemes"/>, <see cref="ConnectionTypes"/>,
/// <see cref="ParseUrl"/> and <see cref="CreateStoreAsync"/> (reading the connection with <see cref="ConnectionExtraReader"/>,
/// honouring <see cref="TimeoutFor"/> on every request, and turning its SDK's errors into
/// <see cref="ObjectStoreException.Failed"/> with an <see cref="ObjectStoreFailureKind"/>), then registers itself with
/// <c>services.AddObjectStoreProvider&lt;TProvider&gt;()</c>. The S3, GCS and Azure providers are built this way.
/// </remarks>
public abstract class ObjectStoreProvider : IObjectStoreProvider, IDisposable, IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string? ConnId, string Container), Lazy<Task<IObjectStore>>> _stores = new();
    private readonly Lazy<TimeSpan> _requestTimeout;
    private int _disposed;

    /// <summary>Creates the provider.</summary>
    /// <param name="connections">Where the connections named by URLs are looked up.</param>
    /// <param name="requestTimeout">How long a request may move no bytes unless the connection's extra <c>timeout</c> says
    /// otherwise (<c>BATON__XCOM__REQUEST_TIMEOUT</c>); null for <see cref="XComOptions.DefaultRequestTimeout"/>.</param>
    protected ObjectStoreProvider(ConnectionResolver connections, TimeSpan? requestTimeout)
    {
        ArgumentNullException.ThrowIfNull(connections);
        var timeout = requestTimeout ?? XComOptions.DefaultRequestTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(requestTimeout));
        Connections = connections;
        _requestTimeout = new Lazy<TimeSpan>(timeout);
    }

    /// <summary>Creates the provider with the request timeout of the <c>xcom</c> settings (<c>BATON__XCOM__REQUEST_TIMEOUT</c>).</summary>
    /// <param name="connections">Where the connections named by URLs are looked up.</param>
    /// <param name="options">The <c>xcom</c> settings; read on first use, because validating them lists the registered providers.</param>
    protected ObjectStoreProvider(ConnectionResolver connections, IOptions<XComOptions> options)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(options);
        Connections = connections;
        _requestTimeout = new Lazy<TimeSpan>(() => options.Value.RequestTimeout);
    }

    /// <inheritdoc />
    public abstract IReadOnlyCollection<string> Schemes { get; }

    /// <summary>The connection types this provider reads (<c>aws</c>, <c>google_cloud_platform</c>, <c>wasb</c>, …).</summary>
    public abstract IReadOnlyCollection<string> ConnectionTypes { get; }

    /// <summary>What the store calls a container in messages: <c>bucket</c> (the default) or <c>container</c>.</summary>
    public virtual string ContainerNoun => "bucket";

    /// <summary>The request timeout of a connection that sets none.</summary>
    public TimeSpan RequestTimeout => _requestTimeout.Value;

    /// <summary>Where connections are looked up.</summary>
    protected ConnectionResolver Connections { get; }

    /// <inheritdoc />
    /// <exception cref="BatonConfigurationException">The URL is malformed, or the connection's settings are.</exception>
    /// <exception cref="ConnectionNotFoundException">The URL names a connection that is not defined.</exception>
    public async ValueTask<ObjectStoreAddress> OpenAsync(Uri url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var location = ParseUrl(url);
        var store = await GetStoreAsync(location, cancellationToken).ConfigureAwait(false);
        OnOpened(url, location, store);
        return new ObjectStoreAddress(store, location.Path);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Parses a URL of one of <see cref="Schemes"/>.</summary>
    /// <exception cref="BatonConfigurationException">The URL is malformed; the message says why, and never repeats a secret.</exception>
    protected abstract ObjectStoreUrl ParseUrl(Uri url);

    /// <summary>
    /// Builds the store of the container <paramref name="location"/> names, through <paramref name="connection"/> (null
    /// when the URL named none and <see cref="GetConnectionAsync"/> gave none). Not cached: the caller owns the store (and
    /// disposes it when it is disposable). It builds clients only and sends no request.
    /// </summary>
    /// <param name="location">The connection id as the URL wrote it (for the store's root), the container and the path.</param>
    /// <param name="connection">The connection's settings.</param>
    /// <param name="cancellationToken">Cancels building (e.g. reading a key file).</param>
    /// <exception cref="BatonConfigurationException">The connection is of another type, or its settings or credentials cannot be used.</exception>
    protected internal abstract Task<IObjectStore> CreateStoreAsync(ObjectStoreUrl location, Connection? connection, CancellationToken cancellationToken);

    /// <summary>The connection a URL names; override to fall back to a default when it names none.</summary>
    /// <exception cref="ConnectionNotFoundException">The connection is not defined.</exception>
    protected virtual async Task<Connection?> GetConnectionAsync(ObjectStoreUrl url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var connId = url.ConnId ?? throw new BatonConfigurationException($"A {string.Join("/", Schemes)} URL for {ContainerNoun} '{url.Container}' names no connection.");
        return await Connections.GetConnectionAsync(connId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks an opened store against the URL that opened it (e.g. an account the URL names); nothing by default.</summary>
    /// <exception cref="BatonConfigurationException">The URL does not fit the store.</exception>
    protected virtual void OnOpened(Uri url, ObjectStoreUrl location, IObjectStore store) { }

    /// <summary>The container a connection names for <c>connections test</c>: extra <c>bucket_name</c> or <c>container_name</c>.</summary>
    protected internal virtual string? DefaultContainer(Connection connection)
    {
        var extra = new ConnectionExtraReader(connection);
        return extra.Text("bucket_name") ?? extra.Text("container_name");
    }

    /// <summary>Why the store would refuse a container name (a sentence naming it), or null when it is valid.</summary>
    protected internal virtual string? ContainerProblem(string container) => null;

    /// <summary>The store as <c>connections test</c> names it: the container, the endpoint and how it authenticates (never a secret).</summary>
    protected internal virtual string DescribeStore(IObjectStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Root;
    }

    /// <summary>What <c>connections test</c> adds when a probe reads back other bytes than it wrote (e.g. a setting to check).</summary>
    protected internal virtual string? ProbeMismatchHint => null;

    /// <summary>Throws unless the connection is of one of <see cref="ConnectionTypes"/>.</summary>
    /// <exception cref="BatonConfigurationException">It is of another type.</exception>
    protected void CheckConnectionType(Connection connection) => CheckConnectionType(connection, ConnectionTypes, Schemes.First());

    /// <summary>Throws unless the connection is of one of <paramref name="connectionTypes"/>, naming the store by <paramref name="scheme"/>.</summary>
    /// <exception cref="BatonConfigurationException">It is of another type.</exception>
    protected static void CheckConnectionType(Connection connection, IReadOnlyCollection<string> connectionTypes, string scheme)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(connectionTypes);
        if (!connectionTypes.Contains(connection.ConnType, StringComparer.OrdinalIgnoreCase))
        {
            throw new BatonConfigurationException(
                $"Connection '{connection.ConnId}' is of type '{connection.ConnType}', but {scheme}:// stores need a connection of type " +
                $"{string.Join(" or ", connectionTypes.Select(t => $"'{t}'"))}.");
        }
    }

    /// <summary>The request timeout of a connection: its extra <c>timeout</c> in seconds, else <see cref="RequestTimeout"/>.</summary>
    /// <exception cref="BatonConfigurationException">The extra's <c>timeout</c> is not a number of seconds from above 0 to 3600.</exception>
    protected TimeSpan TimeoutFor(ConnectionExtraReader extra)
    {
        ArgumentNullException.ThrowIfNull(extra);
        return extra.Timeout(RequestTimeout);
    }

    /// <summary>Disposes the stores this provider built, once.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            foreach (var store in TakeBuiltStores())
            {
                if (store is IDisposable disposable)
                {
                    disposable.Dispose();
                }
                else if (store is IAsyncDisposable asyncDisposable)
                {
                    asyncDisposable.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
            }
        }
    }

    /// <summary>Disposes the stores this provider built, once, asynchronously where they can.</summary>
    protected virtual async ValueTask DisposeAsyncCore()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            foreach (var store in TakeBuiltStores())
            {
                if (store is IAsyncDisposable asyncDisposable)
                {
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                }
                else if (store is IDisposable disposable)
                {
                    disposable.Dispose();
                }
            }
        }
    }

    private List<IObjectStore> TakeBuiltStores()
    {
        var built = _stores.Values.Where(e => e.IsValueCreated && e.Value.IsCompletedSuccessfully).Select(e => e.Value.Result).ToList();
        _stores.Clear();
        return built;
    }

    private async Task<IObjectStore> GetStoreAsync(ObjectStoreUrl url, CancellationToken cancellationToken)
    {
        var key = (url.ConnId, url.Container);
        var entry = _stores.GetOrAdd(key, _ => new Lazy<Task<IObjectStore>>(() => BuildAsync(url)));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException && (entry.Value.IsFaulted || entry.Value.IsCanceled))
        {
            // Do not keep a failure: the connection may be defined or fixed by the next call.
            _stores.TryRemove(KeyValuePair.Create(key, entry));
            throw;
        }
    }

    private async Task<IObjectStore> BuildAsync(ObjectStoreUrl url)
    {
        // Shared by every caller of this (connection, container), so no one caller's token cancels it.
        var connection = await GetConnectionAsync(url, CancellationToken.None).ConfigureAwait(false);
        return await CreateStoreAsync(url, connection, CancellationToken.None).ConfigureAwait(false);
    }
}
