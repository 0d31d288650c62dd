using System.Text.Json;
using Baton.Configuration;
using Baton.Connections;

namespace Baton.Storage.Gcs;

/// <summary>
/// What a <c>google_cloud_platform</c> connection says about reaching Cloud Storage: the credentials, an optional custom
/// endpoint, the project, the resumable-upload chunk size and the retry count. Read from the connection's extra with
/// Airflow's names, with or without the <c>extra__google_cloud_platform__</c> prefix.
/// </summary>
/// <remarks>Not a record on purpose: the key JSON must never reach a generated <c>ToString</c>.</remarks>
internal sealed class GcsConnectionSettings
{
    /// <summary>Resumable uploads send chunks that are multiples of 256 KiB.</summary>
    public const int ChunkGranularity = 256 * 1024;

    /// <summary>The chunk size when the connection names none: 16 MiB, the memory one upload holds at most.</summary>
    public const int DefaultChunkSize = 16 * 1024 * 1024;

    /// <summary>Retries after the first try when the connection names none (Airflow's default for <c>num_retries</c>).</summary>
    public const int DefaultNumRetries = 5;

    /// <summary>The most retries a request may make (the SDK allows 20 tries).</summary>
    public const int MaxNumRetries = 19;

    /// <summary>The type in Airflow's prefixed extra names (<c>extra__google_cloud_platform__key_path</c>).</summary>
    private const string AirflowType = "google_cloud_platform";

    private GcsConnectionSettings(string connId)
    {
        ConnId = connId;
    }

    /// <summary>The connection's id.</summary>
    public string ConnId { get; }

    /// <summary>The project id (<c>project</c>), shown in messages; object calls do not need it.</summary>
    public string? Project { get; private init; }

    /// <summary>The custom endpoint (<c>endpoint_url</c>), e.g. the emulator's <c>http://127.0.0.1:9199</c>; null for Google's.</summary>
    public Uri? Endpoint { get; private init; }

    /// <summary>Where the credentials come from.</summary>
    public GcsCredentialSource CredentialSource { get; private init; }

    /// <summary>The service-account key file (<c>key_path</c>), when <see cref="CredentialSource"/> is a key file.</summary>
    public string? KeyPath { get; private init; }

    /// <summary>The key JSON (<c>keyfile_dict</c>), when <see cref="CredentialSource"/> is key JSON. A secret.</summary>
    public string? KeyJson { get; private init; }

    /// <summary>The resumable-upload chunk size in bytes (<c>chunk_size</c>), a multiple of 256 KiB.</summary>
    public int ChunkSize { get; private init; } = DefaultChunkSize;

    /// <summary>Retries after a transient failure (<c>num_retries</c>).</summary>
    public int NumRetries { get; private init; } = DefaultNumRetries;

    /// <summary>The bucket the connection names for tests (<c>bucket_name</c> or <c>container_name</c>), if any.</summary>
    public string? DefaultBucket { get; private init; }

    /// <summary>
    /// The JSON API's base URI for the client: Google's default (null), or the custom endpoint's root followed by
    /// <c>storage/v1/</c> when the endpoint gives no path of its own.
    /// </summary>
    public string? ServiceBaseUri => Endpoint is null ? null
        : Endpoint.AbsolutePath is "" or "/" ? new Uri(Endpoint, "/storage/v1/").AbsoluteUri
        : Endpoint.AbsoluteUri.TrimEnd('/') + "/";

    /// <summary>The batch endpoint (<c>/batch/storage/v1</c> on the custom endpoint's host), or null for Google's.</summary>
    public Uri? BatchUri => Endpoint is null ? null : new Uri(Endpoint, "/batch/storage/v1");

    /// <summary>Where requests go, for messages: the custom endpoint or Google's.</summary>
    public string EndpointDescription => Endpoint?.GetLeftPart(UriPartial.Authority) ?? "https://storage.googleapis.com";

    /// <summary>
    /// How long a request may move no bytes (extra <c>timeout</c> in seconds, else <c>BATON__XCOM__REQUEST_TIMEOUT</c>);
    /// a transfer that keeps moving is never cut.
    /// </summary>
    public TimeSpan RequestTimeout { get; private init; } = XComOptions.DefaultRequestTimeout;

    /// <summary>Reads the settings from a connection (of type <c>google_cloud_platform</c>; the provider checks the type).</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="requestTimeout">The request timeout when the connection sets none.</param>
    /// <exception cref="BatonConfigurationException">An extra option is malformed or contradicts another.</exception>
    /// <exception cref="ConnectionFormatException">The connection's extra is not a JSON object.</exception>
    public static GcsConnectionSettings FromConnection(Connection connection, TimeSpan? requestTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var extra = new ConnectionExtraReader(connection, AirflowType);
        var keyPath = extra.Text("key_path");
        var keyJson = KeyJsonOf(extra);
        if (keyPath is not null && keyJson is not null)
        {
            throw new BatonConfigurationException(
                $"Connection '{connection.ConnId}' gives both key_path and keyfile_dict; they are mutually exclusive (as in Airflow): keep one.");
        }

        var endpoint = EndpointOf(extra);
        var source = keyPath is not null ? GcsCredentialSource.KeyFile
            : keyJson is not null ? GcsCredentialSource.KeyJson
            : endpoint is not null ? GcsCredentialSource.Anonymous
            : GcsCredentialSource.ApplicationDefault;
        var chunkSize = extra.WholeNumber("chunk_size") ?? DefaultChunkSize;
        if (chunkSize <= 0 || chunkSize % ChunkGranularity != 0)
        {
            throw extra.Invalid("chunk_size", $"a positive multiple of {ChunkGranularity} bytes (256 KiB) below 2 GiB, e.g. {DefaultChunkSize} (16 MiB)", extra.Text("chunk_size"));
        }

        return new GcsConnectionSettings(connection.ConnId)
        {
            Project = extra.Text("project"),
            Endpoint = endpoint,
            CredentialSource = source,
            KeyPath = keyPath,
            KeyJson = keyJson,
            ChunkSize = chunkSize,
            NumRetries = extra.WholeNumber(0, MaxNumRetries, "num_retries") ?? DefaultNumRetries,
            DefaultBucket = extra.Text("bucket_name") ?? extra.Text("container_name"),
            RequestTimeout = extra.Timeout(requestTimeout ?? XComOptions.DefaultRequestTimeout),
        };
    }

    /// <summary>The connection id and where it points, with no secret.</summary>
    public override string ToString() =>
        $"connection '{ConnId}' ({EndpointDescription}, {CredentialSource switch
        {
            GcsCredentialSource.KeyFile => $"key file {KeyPath}",
            GcsCredentialSource.KeyJson => "keyfile_dict",
            GcsCredentialSource.Anonymous => "no credentials",
            _ => "Application Default Credentials",
        }}{(Project is null ? "" : $", project {Project}")})";

    private static string? KeyJsonOf(ConnectionExtraReader extra) => extra.Find("keyfile_dict") switch
    {
        null => null,
        { ValueKind: JsonValueKind.Object } value => value.GetRawText(),
        { ValueKind: JsonValueKind.String } value => value.GetString()!,
        { } value => throw extra.Invalid("keyfile_dict",
            $"the service-account key as an object or a string holding it, not a JSON {value.ValueKind.ToString().ToLowerInvariant()}"),
    };

    private static Uri? EndpointOf(ConnectionExtraReader extra)
    {
        var text = extra.Text("endpoint_url");
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(endpoint.UserInfo) || !string.IsNullOrEmpty(endpoint.Query))
        {
            throw extra.Invalid("endpoint_url", "an http(s) URL such as http://127.0.0.1:9199 (no user name, password or query)", text);
        }

        return endpoint;
    }
}
