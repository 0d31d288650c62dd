using System.Collections.Concurrent;
using Amazon.Runtime;
using Baton.Configuration;
using Baton.Connections;

namespace Baton.Storage.S3;

/// <summary>
/// Opens <c>s3://conn_id@bucket/prefix</c> URLs: the connection (looked up with <see cref="ConnectionResolver"/>) gives
/// the credentials, region and endpoint, the host is the bucket, the path the prefix or key. A URL without a connection id
/// (<c>s3://bucket/prefix</c>) uses <c>aws_default</c> when it is defined and the SDK's default credential chain otherwise.
/// One client and store is kept per (connection, bucket) for the provider's lifetime.
/// </summary>
internal sealed class S3ObjectStoreProvider : IObjectStoreProvider, IDisposable
{
    private static readonly string[] ConnectionTypes = ["aws", "s3"];
    private readonly ConnectionResolver _connections;
    private readonly HttpClientFactory? _httpClientFactory;
    private readonly ConcurrentDictionary<(string? ConnId, string Bucket), Lazy<Task<S3ObjectStore>>> _stores = new();

    /// <summary>Creates the provider over the connection resolver.</summary>
    public S3ObjectStoreProvider(ConnectionResolver connections) : this(connections, null) { }

    /// <summary>Creates the provider with an HTTP client factory for every client (tests inject faults with it).</summary>
    internal S3ObjectStoreProvider(ConnectionResolver connections, HttpClientFactory? httpClientFactory)
    {
        ArgumentNullException.ThrowIfNull(connections);
        _connections = connections;
        _httpClientFactory = httpClientFactory;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Schemes { get; } = [S3StoreUrl.Scheme];

    /// <inheritdoc />
    /// <exception cref="BatonConfigurationException">The URL is malformed, or the connection's settings are.</exception>
    /// <exception cref="ConnectionNotFoundException">The URL names a connection that is not defined.</exception>
    public async ValueTask<ObjectStoreAddress> OpenAsync(Uri url, CancellationToken cancellationToken = default)
    {
        var parsed = S3StoreUrl.Parse(url);
        var store = await GetStoreAsync(parsed, cancellationToken).ConfigureAwait(false);
        return new ObjectStoreAddress(store, parsed.Path);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var entry in _stores.Values)
        {
            if (entry.IsValueCreated && entry.Value.IsCompletedSuccessfully)
            {
                entry.Value.Result.Client.Dispose();
            }
        }

        _stores.Clear();
    }

    /// <summary>Builds the settings an <c>s3://</c> store uses from a connection.</summary>
    /// <exception cref="BatonConfigurationException">The connection is not of type aws, or its settings are malformed.</exception>
    internal static S3ConnectionSettings SettingsFor(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!ConnectionTypes.Contains(connection.ConnType, StringComparer.OrdinalIgnoreCase))
        {
            throw new BatonConfigurationException(
                $"Connection '{connection.ConnId}' is of type '{connection.ConnType}', but s3:// stores need an 'aws' connection (login = access key id, password = secret access key).");
        }

        try
        {
            return S3ConnectionSettings.FromConnection(connection);
        }
        catch (ConnectionFormatException e)
        {
            throw new BatonConfigurationException(e.Message, e);
        }
    }

    private async Task<S3ObjectStore> GetStoreAsync(S3StoreUrl url, CancellationToken cancellationToken)
    {
        var key = (url.ConnId, url.Bucket);
        var entry = _stores.GetOrAdd(key, _ => new Lazy<Task<S3ObjectStore>>(() => CreateAsync(url)));
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

    private async Task<S3ObjectStore> CreateAsync(S3StoreUrl url)
    {
        S3ConnectionSettings settings;
        try
        {
            // Shared by every caller of this (connection, bucket), so no one caller's token cancels it.
            var connection = await _connections.GetConnectionAsync(url.EffectiveConnId, CancellationToken.None).ConfigureAwait(false);
            settings = SettingsFor(connection);
        }
        catch (ConnectionNotFoundException) when (url.ConnId is null)
        {
            settings = new S3ConnectionSettings { ConnId = S3StoreUrl.DefaultConnId };
        }

        return new S3ObjectStore(S3ClientFactory.Create(settings, _httpClientFactory), url.Root, url.Bucket, settings);
    }
}
