using System.Collections.Concurrent;
using Baton.Connections;

namespace Baton.Storage.Gcs;

/// <summary>
/// Opens <c>gs://conn_id@bucket/prefix</c> (and <c>gcs://…</c>) URLs: looks the connection up, builds a Cloud Storage
/// client from it and returns the bucket's store with the rest of the URL as the path.
/// </summary>
/// <remarks>
/// Stores (and their clients) are cached per connection id and bucket for the life of the provider, so a connection
/// changed after the first open is picked up by the next process. A failed open is not cached.
/// </remarks>
internal sealed class GcsObjectStoreProvider : IObjectStoreProvider
{
    /// <summary>The scheme of the store URLs this provider writes (<see cref="IObjectStore.Root"/>).</summary>
    public const string Scheme = "gs";

    /// <summary>The schemes this provider opens.</summary>
    public static readonly IReadOnlyCollection<string> SupportedSchemes = [Scheme, "gcs"];

    private readonly ConnectionResolver _connections;
    private readonly ConcurrentDictionary<(string ConnId, string Bucket), Lazy<Task<GcsObjectStore>>> _stores = new();

    /// <summary>Creates the provider over the connection resolver.</summary>
    public GcsObjectStoreProvider(ConnectionResolver connections)
    {
        ArgumentNullException.ThrowIfNull(connections);
        _connections = connections;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Schemes => SupportedSchemes;

    /// <inheritdoc />
    /// <exception cref="ConnectionNotFoundException">The URL's connection is not defined.</exception>
    public async ValueTask<ObjectStoreAddress> OpenAsync(Uri url, CancellationToken cancellationToken = default)
    {
        var parsed = GcsStoreUrl.Parse(url);
        var store = await OpenStoreAsync(parsed.ConnId, parsed.Bucket, cancellationToken).ConfigureAwait(false);
        return new ObjectStoreAddress(store, parsed.Path);
    }

    /// <summary>The store of a bucket through a connection, built on first use.</summary>
    public async Task<GcsObjectStore> OpenStoreAsync(string connId, string bucket, CancellationToken cancellationToken = default)
    {
        var key = (connId, bucket);
        var lazy = _stores.GetOrAdd(key, k => new Lazy<Task<GcsObjectStore>>(() => CreateAsync(k.ConnId, k.Bucket)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException && (lazy.Value.IsFaulted || lazy.Value.IsCanceled))
        {
            _stores.TryRemove(KeyValuePair.Create(key, lazy));
            throw;
        }
    }

    private async Task<GcsObjectStore> CreateAsync(string connId, string bucket)
    {
        // Not the caller's token: the task is shared by every caller that opens the same store.
        var connection = await _connections.GetConnectionAsync(connId, CancellationToken.None).ConfigureAwait(false);
        var settings = GcsConnectionSettings.FromConnection(connection);
        var client = await GcsClientFactory.CreateAsync(settings, CancellationToken.None).ConfigureAwait(false);
        return new GcsObjectStore(client, settings, bucket);
    }
}
