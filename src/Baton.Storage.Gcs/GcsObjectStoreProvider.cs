using Baton.Configuration;
using Baton.Connections;
using Microsoft.Extensions.Options;

namespace Baton.Storage.Gcs;

/// <summary>
/// Opens <c>gs://conn_id@bucket/prefix</c> (and <c>gcs://…</c>) URLs: the connection (type <c>google_cloud_platform</c>)
/// gives the credentials and an optional endpoint; the store is the bucket's, the rest of the URL the path. Caching and
/// disposal come from <see cref="ObjectStoreProvider"/>.
/// </summary>
internal sealed class GcsObjectStoreProvider : ObjectStoreProvider
{
    /// <summary>The scheme of the store URLs this provider writes (<see cref="IObjectStore.Root"/>).</summary>
    public const string Scheme = "gs";

    /// <summary>The schemes this provider opens.</summary>
    public static readonly IReadOnlyCollection<string> SupportedSchemes = [Scheme, "gcs"];

    /// <summary>The connection types this store accepts.</summary>
    public static readonly IReadOnlyCollection<string> Types = ["google_cloud_platform", "gcp"];

    /// <summary>Creates the provider over the connection resolver, with the <c>xcom</c> settings' request timeout.</summary>
    public GcsObjectStoreProvider(ConnectionResolver connections, IOptions<XComOptions> options) : base(connections, options) { }

    /// <summary>Creates the provider with a request timeout (null for the default).</summary>
    internal GcsObjectStoreProvider(ConnectionResolver connections, TimeSpan? requestTimeout = null) : base(connections, requestTimeout) { }

    /// <inheritdoc />
    public override IReadOnlyCollection<string> Schemes => SupportedSchemes;

    /// <inheritdoc />
    public override IReadOnlyCollection<string> ConnectionTypes => Types;

    /// <summary>Reads the settings of a connection, which must be of type <c>google_cloud_platform</c> (or <c>gcp</c>).</summary>
    /// <exception cref="BatonConfigurationException">The connection is of another type, or an extra option is malformed.</exception>
    /// <exception cref="ConnectionFormatException">The connection's extra is not a JSON object.</exception>
    internal static GcsConnectionSettings SettingsFor(Connection connection, TimeSpan? requestTimeout = null)
    {
        CheckConnectionType(connection, Types, Scheme);
        return GcsConnectionSettings.FromConnection(connection, requestTimeout);
    }

    /// <inheritdoc />
    protected override ObjectStoreUrl ParseUrl(Uri url) => GcsStoreUrl.Parse(url);

    /// <inheritdoc />
    protected override async Task<IObjectStore> CreateStoreAsync(ObjectStoreUrl location, Connection? connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(connection);
        var settings = SettingsFor(connection, RequestTimeout);
        var client = await GcsClientFactory.CreateAsync(settings, cancellationToken).ConfigureAwait(false);
        return new GcsObjectStore(client, settings, location.Container);
    }

    /// <inheritdoc />
    protected override string? DefaultContainer(Connection connection) => SettingsFor(connection).DefaultBucket;

    /// <inheritdoc />
    protected override string? ContainerProblem(string container) => GcsStoreUrl.BucketProblem(container);

    /// <inheritdoc />
    protected override string DescribeStore(IObjectStore store)
    {
        var gcs = (GcsObjectStore)store;
        return $"bucket '{gcs.Bucket}' through {gcs.Settings}";
    }
}
