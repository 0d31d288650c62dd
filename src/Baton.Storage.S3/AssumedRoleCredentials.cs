using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Baton.Storage.S3;

/// <summary>
/// Credentials of a role assumed with STS (<c>role_arn</c> in the connection's extra), refreshed before they expire. The
/// STS call is signed with the connection's own credentials (its login and password, else the default chain) and goes to
/// the connection's region (or <c>service_config.sts.endpoint_url</c>).
/// </summary>
internal sealed class AssumedRoleCredentials : RefreshingAWSCredentials
{
    private readonly AmazonSecurityTokenServiceClient _sts;
    private readonly S3ConnectionSettings _settings;

    /// <summary>Creates the credentials; nothing is called before first use.</summary>
    public AssumedRoleCredentials(AWSCredentials sourceCredentials, S3ConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        var config = new AmazonSecurityTokenServiceConfig
        {
            RetryMode = settings.RetryMode,
            MaxErrorRetry = settings.MaxAttempts - 1,
            HttpClientFactory = new S3HttpClientFactory(settings.RequestTimeout, settings.ConnectTimeout),
        };
        if (settings.StsEndpointUrl is { } endpoint)
        {
            config.ServiceURL = endpoint.AbsoluteUri;
            config.AuthenticationRegion = settings.Region ?? "us-east-1";
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region ?? "us-east-1");
        }

        _sts = new AmazonSecurityTokenServiceClient(sourceCredentials, config);
        // Refresh five minutes before expiry so a long upload does not sign a part with expired credentials.
        PreemptExpiryTime = TimeSpan.FromMinutes(5);
    }

    /// <summary>The role's ARN.</summary>
    public string RoleArn => _settings.RoleArn!;

    /// <inheritdoc />
    protected override CredentialsRefreshState GenerateNewCredentials() =>
        Task.Run(GenerateNewCredentialsAsync).GetAwaiter().GetResult();

    /// <inheritdoc />
    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var request = new AssumeRoleRequest
        {
            RoleArn = _settings.RoleArn,
            RoleSessionName = _settings.RoleSessionName,
            ExternalId = _settings.ExternalId,
            DurationSeconds = _settings.RoleDurationSeconds,
        };
        var response = await _sts.AssumeRoleAsync(request).ConfigureAwait(false);
        var credentials = response.Credentials;
        return new CredentialsRefreshState(
            new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
            credentials.Expiration ?? throw new AmazonClientException($"STS returned credentials without an expiry for role {RoleArn}"));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sts.Dispose();
        }

        base.Dispose(disposing);
    }
}
