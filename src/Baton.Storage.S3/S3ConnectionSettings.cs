using Amazon.Runtime;
using Baton.Configuration;
using Baton.Connections;

namespace Baton.Storage.S3;

/// <summary>
/// What an <c>aws</c> connection says about reaching S3, read with Airflow's field names: login = access key id,
/// password = secret access key, and the extra options listed on <see cref="FromConnection"/>.
/// </summary>
/// <remarks><see cref="ToString"/> leaves the secrets out.</remarks>
internal sealed class S3ConnectionSettings
{
    /// <summary>The smallest part S3 accepts for every part but the last.</summary>
    public const long MinimumPartSize = 5L * 1024 * 1024;

    /// <summary>The largest part Baton buffers (S3 takes up to 5 GiB, but each part in flight is held in memory).</summary>
    public const long MaximumPartSize = 1024L * 1024 * 1024;

    /// <summary>The part size when the connection sets none (boto3's default <c>multipart_chunksize</c>).</summary>
    public const long DefaultPartSize = 8L * 1024 * 1024;

    /// <summary>Attempts per request when the connection sets none: the first try and four retries.</summary>
    public const int DefaultMaxAttempts = 5;

    /// <summary>Parts uploaded at once when the connection sets none.</summary>
    public const int DefaultMaxConcurrency = 4;

    /// <summary>The connection's id.</summary>
    public required string ConnId { get; init; }

    /// <summary>The access key id (login); null to use the SDK's default credential chain.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>The secret access key (password).</summary>
    public string? SecretAccessKey { get; init; }

    /// <summary>A session token for temporary credentials (extra <c>aws_session_token</c>).</summary>
    public string? SessionToken { get; init; }

    /// <summary>A profile of the shared credentials file (extra <c>profile_name</c>), used when there is no login.</summary>
    public string? ProfileName { get; init; }

    /// <summary>The region (extra <c>region_name</c>); null for the SDK's default (environment, profile), else us-east-1.</summary>
    public string? Region { get; init; }

    /// <summary>The endpoint of an S3-compatible server, or a custom AWS endpoint; null for AWS's own.</summary>
    public Uri? EndpointUrl { get; init; }

    /// <summary>A role to assume with STS before use (extra <c>role_arn</c>).</summary>
    public string? RoleArn { get; init; }

    /// <summary>The STS session name for <see cref="RoleArn"/>.</summary>
    public string RoleSessionName { get; init; } = "baton";

    /// <summary>The external id the role's trust policy may require.</summary>
    public string? ExternalId { get; init; }

    /// <summary>How long assumed-role credentials last.</summary>
    public int? RoleDurationSeconds { get; init; }

    /// <summary>The STS endpoint (extra <c>service_config.sts.endpoint_url</c>); null for the region's.</summary>
    public Uri? StsEndpointUrl { get; init; }

    /// <summary>Path-style addressing (<c>endpoint/bucket/key</c>); null for the default (on with a custom endpoint).</summary>
    public bool? ForcePathStyle { get; init; }

    /// <summary>Sends PutObject/UploadPart bodies plainly instead of as signed <c>aws-chunked</c> streams.</summary>
    public bool DisableChunkEncoding { get; init; }

    /// <summary>When request checksums are computed; null for the SDK's default (when supported).</summary>
    public RequestChecksumCalculation? RequestChecksumCalculation { get; init; }

    /// <summary>When response checksums are checked; null for the SDK's default (when supported).</summary>
    public ResponseChecksumValidation? ResponseChecksumValidation { get; init; }

    /// <summary>The multipart part size in bytes.</summary>
    public long PartSize { get; init; } = DefaultPartSize;

    /// <summary>How many parts of one upload travel at once.</summary>
    public int MaxConcurrency { get; init; } = DefaultMaxConcurrency;

    /// <summary>Attempts per request, the first included (SDK retry policy).</summary>
    public int MaxAttempts { get; init; } = DefaultMaxAttempts;

    /// <summary>The SDK's retry mode: standard (default) or adaptive.</summary>
    public RequestRetryMode RetryMode { get; init; } = RequestRetryMode.Standard;

    /// <summary>How long to wait for a TCP connection; null for the SDK's default.</summary>
    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary>
    /// How long a request may move no bytes (extra <c>timeout</c>, else botocore's <c>read_timeout</c>, else
    /// <c>BATON__XCOM__REQUEST_TIMEOUT</c>); a transfer that keeps moving is never cut.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = XComOptions.DefaultRequestTimeout;

    /// <summary>
    /// The ListObjects API version (extra <c>list_version</c>, as in rclone): 2 (default), or 1 for S3-compatible servers
    /// whose V2 paging is broken (s3rver 3.7 on Node 17 and later answers every truncated V2 listing with InternalError).
    /// </summary>
    public int ListVersion { get; init; } = 2;

    /// <summary>The bucket named by the extra (<c>bucket_name</c>, <c>container_name</c> or <c>service_config.s3.bucket_name</c>).</summary>
    public string? BucketName { get; init; }

    /// <summary>The endpoint as people should read it in messages: the custom one, or AWS's for the region.</summary>
    public string EndpointDescription => EndpointUrl?.GetLeftPart(UriPartial.Authority) ?? $"AWS S3 ({Region ?? "default region"})";

    /// <summary>
    /// Reads a connection. Fields: <c>login</c> (access key id), <c>password</c> (secret access key), <c>host</c> (endpoint,
    /// deprecated in Airflow in favour of the extra). Extra: <c>aws_session_token</c>, <c>region_name</c>,
    /// <c>endpoint_url</c> or <c>service_config.s3.endpoint_url</c>, <c>role_arn</c> (+ <c>assume_role_kwargs</c>
    /// <c>RoleSessionName</c>/<c>ExternalId</c>/<c>DurationSeconds</c>, <c>service_config.sts.endpoint_url</c>),
    /// <c>profile_name</c>, <c>addressing_style</c> (<c>path</c>|<c>virtual</c>, also under <c>config_kwargs.s3</c> or
    /// <c>s3</c>) or <c>force_path_style</c>, <c>disable_chunk_encoding</c>, <c>request_checksum_calculation</c> and
    /// <c>response_checksum_validation</c> (<c>when_supported</c>|<c>when_required</c>), <c>multipart_chunksize</c> and
    /// <c>max_concurrency</c> (also under <c>transfer_config_args</c>), <c>config_kwargs.retries.max_attempts</c>/
    /// <c>mode</c> (also <c>max_attempts</c>/<c>retry_mode</c>), <c>timeout</c> (or <c>config_kwargs.read_timeout</c>), <c>config_kwargs.connect_timeout</c>,
    /// <c>bucket_name</c>/<c>container_name</c>.
    /// </summary>
    /// <param name="connection">The connection.</param>
    /// <param name="requestTimeout">The request timeout when the connection sets none (<c>BATON__XCOM__REQUEST_TIMEOUT</c>).</param>
    /// <exception cref="BatonConfigurationException">A field or an extra option is malformed; the message names it, never a secret.</exception>
    /// <exception cref="ConnectionFormatException">The extra is not a JSON object.</exception>
    public static S3ConnectionSettings FromConnection(Connection connection, TimeSpan? requestTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var extra = new ConnectionExtraReader(connection, "aws");
        var login = Blank(connection.Login);
        var password = Blank(connection.Password);
        if ((login is null) != (password is null))
        {
            throw new BatonConfigurationException(
                $"Connection '{connection.ConnId}' has {(login is null ? "a password (secret access key) but no login (access key id)" : "a login (access key id) but no password (secret access key)")}; set both, or neither to use the default AWS credential chain.");
        }

        var region = extra.Text("region_name");
        if (region is not null && !region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw extra.Invalid("region_name", "a region name such as us-east-1");
        }

        var endpoint = extra.Url("service_config", "s3", "endpoint_url") ?? extra.Url("endpoint_url") ?? HostEndpoint(connection);
        var addressing = (extra.Text("addressing_style") ?? extra.Text("config_kwargs", "s3", "addressing_style") ?? extra.Text("s3", "addressing_style"))?.ToLowerInvariant();
        bool? pathStyle = addressing switch
        {
            null or "auto" => extra.Bool("force_path_style"),
            "path" => true,
            "virtual" => false,
            _ => throw extra.Invalid("addressing_style", "\"path\", \"virtual\" or \"auto\""),
        };

        var partSize = extra.Size("multipart_chunksize") ?? extra.Size("transfer_config_args", "multipart_chunksize") ?? DefaultPartSize;
        if (partSize is < MinimumPartSize or > MaximumPartSize)
        {
            throw extra.Invalid("multipart_chunksize", "a part size from 5 MiB (5242880) to 1 GiB in bytes (or with a KB/MB/GB suffix)");
        }

        var concurrency = extra.WholeNumber("max_concurrency") ?? extra.WholeNumber("transfer_config_args", "max_concurrency") ?? DefaultMaxConcurrency;
        if (concurrency is < 1 or > 64)
        {
            throw extra.Invalid("max_concurrency", "a whole number from 1 to 64");
        }

        var attempts = extra.WholeNumber("config_kwargs", "retries", "max_attempts") ?? extra.WholeNumber("max_attempts") ?? DefaultMaxAttempts;
        if (attempts is < 1 or > 20)
        {
            throw extra.Invalid("max_attempts", "a whole number of attempts from 1 to 20");
        }

        var retryMode = (extra.Text("config_kwargs", "retries", "mode") ?? extra.Text("retry_mode"))?.ToLowerInvariant() switch
        {
            null or "standard" or "legacy" => RequestRetryMode.Standard,
            "adaptive" => RequestRetryMode.Adaptive,
            _ => throw extra.Invalid("retry_mode", "\"standard\" or \"adaptive\""),
        };

        var listVersion = extra.WholeNumber("list_version") ?? 2;
        if (listVersion is not (1 or 2))
        {
            throw extra.Invalid("list_version", "1 or 2");
        }

        var assume = "assume_role_kwargs";
        return new S3ConnectionSettings
        {
            ConnId = connection.ConnId,
            AccessKeyId = login,
            SecretAccessKey = password,
            SessionToken = extra.Secret("aws_session_token"),
            ProfileName = extra.Text("profile_name"),
            Region = region,
            EndpointUrl = endpoint,
            RoleArn = extra.Text("role_arn"),
            RoleSessionName = extra.Text(assume, "RoleSessionName") ?? "baton",
            ExternalId = extra.Text(assume, "ExternalId") ?? extra.Text("external_id"),
            RoleDurationSeconds = extra.WholeNumber(assume, "DurationSeconds"),
            StsEndpointUrl = extra.Url("service_config", "sts", "endpoint_url"),
            ForcePathStyle = pathStyle,
            DisableChunkEncoding = extra.Bool("disable_chunk_encoding") ?? false,
            RequestChecksumCalculation = Choice(extra, "request_checksum_calculation", Amazon.Runtime.RequestChecksumCalculation.WHEN_SUPPORTED, Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED),
            ResponseChecksumValidation = Choice(extra, "response_checksum_validation", Amazon.Runtime.ResponseChecksumValidation.WHEN_SUPPORTED, Amazon.Runtime.ResponseChecksumValidation.WHEN_REQUIRED),
            PartSize = partSize,
            MaxConcurrency = concurrency,
            MaxAttempts = attempts,
            RetryMode = retryMode,
            ListVersion = listVersion,
            ConnectTimeout = extra.Seconds("config_kwargs", "connect_timeout") ?? extra.Seconds("connect_timeout"),
            RequestTimeout = extra.Seconds(ConnectionExtraReader.TimeoutOption) ?? extra.Seconds("config_kwargs", "read_timeout") ?? extra.Seconds("read_timeout")
                ?? requestTimeout ?? XComOptions.DefaultRequestTimeout,
            BucketName = extra.Text("bucket_name") ?? extra.Text("container_name") ?? extra.Text("service_config", "s3", "bucket_name"),
        };
    }

    /// <summary>The connection's id, endpoint and whether it has credentials; never the secrets.</summary>
    public override string ToString() =>
        $"S3 connection '{ConnId}' (endpoint {EndpointDescription}, {(AccessKeyId is null ? "default credential chain" : "access key")}{(RoleArn is null ? "" : ", assumed role")})";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static Uri? HostEndpoint(Connection connection)
    {
        var host = Blank(connection.Host);
        if (host is null)
        {
            return null;
        }

        var withScheme = host.Contains("://", StringComparison.Ordinal) ? host : "https://" + host;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new BatonConfigurationException($"Connection '{connection.ConnId}': the host '{host}' is not an http(s) endpoint URL such as http://127.0.0.1:9000.");
        }

        if (connection.Port is { } port && url.IsDefaultPort)
        {
            url = new UriBuilder(url) { Port = port }.Uri;
        }

        return url;
    }

    private static T? Choice<T>(ConnectionExtraReader extra, string name, T whenSupported, T whenRequired)
        where T : struct => extra.Text(name)?.ToLowerInvariant() switch
        {
            null => null,
            "when_supported" => whenSupported,
            "when_required" => whenRequired,
            var other => throw extra.Invalid(name, "\"when_supported\" or \"when_required\"", other),
        };
}
