using Amazon.Runtime;
using Baton.Configuration;
using Baton.Connections;
using Microsoft.Extensions.Options;

namespace Baton.Storage.S3;

/// <summary>
/// Opens <c>s3://conn_id@bucket/prefix</c> URLs: the connection (type <c>aws</c>) gives the credentials, region and
/// endpoint, the host is the bucket, the path the prefix or key. A URL without a connection id (<c>s3://bucket/prefix</c>)
/// uses <c>aws_default</c> when it is defined and the SDK's default credential chain otherwise. Caching and disposal come
/// from <see cref="ObjectStoreProvider"/>.
/// </summary>
internal sealed class S3ObjectStoreProvider : ObjectStoreProvider
{
    private static readonly string[] Types = ["aws", "s3"];
    private readonly HttpClientFactory? _httpClientFactory;

    /// <summary>Creates the provider over the connection resolver, with the <c>xcom</c> settings' request timeout.</summary>
    public S3ObjectStoreProvider(ConnectionResolver connections, IOptions<XComOptions> options) : base(connections, options) { }

    /// <summary>Creates the provider with an HTTP client factory for every client (tests inject faults with it).</summary>
    internal S3ObjectStoreProvider(ConnectionResolver connections, TimeSpan? requestTimeout = null, HttpClientFactory? httpClientFactory = null)
        : base(connections, requestTimeout)
    {
        _httpClientFactory = httpClientFactory;
    }

    /// <inheritdoc />
    public override IReadOnlyCollection<string> Schemes { get; } = [S3StoreUrl.Scheme];

    /// <inheritdoc />
    public override IReadOnlyCollection<string> ConnectionTypes => Types;

    /// <inheritdoc />
    protected override string? ProbeMismatchHint => "the server may corrupt uploads (set disable_chunk_encoding for S3-compatible servers)";

    /// <summary>Builds the settings an <c>s3://</c> store uses from a connection.</summary>
    /// <exception cref="BatonConfigurationException">The connection is not of type aws, or its settings are malformed.</exception>
    internal static S3ConnectionSettings SettingsFor(Connection connection, TimeSpan? requestTimeout = null)
    {
        CheckConnectionType(connection, Types, S3StoreUrl.Scheme);
        try
        {
            return S3ConnectionSettings.FromConnection(connection, requestTimeout);
        }
        catch (ConnectionFormatException e)
        {
            throw new BatonConfigurationException(e.Message, e);
        }
    }

    /// <inheritdoc />
    protected override ObjectStoreUrl ParseUrl(Uri url) => S3StoreUrl.Parse(url);

    /// <inheritdoc />
    protected override async Task<Connection?> GetConnectionAsync(ObjectStoreUrl url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        try
        {
            return await Connections.GetConnectionAsync(url.ConnId ?? S3StoreUrl.DefaultConnId, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectionNotFoundException) when (url.ConnId is null)
        {
            return null;
        }
    }

    /// <inheritdoc />
    protected override Task<IObjectStore> CreateStoreAsync(ObjectStoreUrl location, Connection? connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var settings = connection is null
            ? new S3ConnectionSettings { ConnId = S3StoreUrl.DefaultConnId, RequestTimeout = RequestTimeout }
            : SettingsFor(connection, RequestTimeout);
        var client = S3ClientFactory.Create(settings, _httpClientFactory);
        return Task.FromResult<IObjectStore>(new S3ObjectStore(client, S3StoreUrl.RootOf(location.ConnId, location.Container), location.Container, settings));
    }

    /// <inheritdoc />
    protected override string? DefaultContainer(Connection connection) => SettingsFor(connection).BucketName;

    /// <inheritdoc />
    protected override string? ContainerProblem(string container) =>
        S3StoreUrl.IsValidBucketName(container) ? null : $"'{container}' is not a valid bucket name (3 to 63 lower-case letters, digits, '.' and '-')";

    /// <inheritdoc />
    protected override string DescribeStore(IObjectStore store)
    {
        var s3 = (S3ObjectStore)store;
        var settings = s3.Settings;
        var credentials = settings.AccessKeyId is { } keyId ? "access key " + (keyId.Length <= 4 ? "***" : keyId[..4] + "***") : "default credential chain";
        return $"bucket '{s3.Bucket}' at {settings.EndpointDescription} ({credentials}{(settings.RoleArn is null ? "" : ", role " + settings.RoleArn)})";
    }
}
