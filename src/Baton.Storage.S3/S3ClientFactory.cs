using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Baton.Configuration;

namespace Baton.Storage.S3;

/// <summary>Builds the SDK client a connection describes.</summary>
/// <remarks>
/// Retries are the SDK's own policy (<see cref="RequestRetryMode.Standard"/> unless the connection asks for adaptive):
/// exponential backoff with jitter on 5xx answers, throttling (SlowDown, 503), timeouts and dropped or refused connections,
/// with <see cref="S3ConnectionSettings.MaxAttempts"/> attempts per request (5 by default, the SDK's is 3). Every request
/// body Baton sends is a seekable buffer, so each retry resends it whole. Each attempt that moves no bytes for
/// <see cref="S3ConnectionSettings.RequestTimeout"/> fails as a timeout (<see cref="S3HttpClientFactory"/>).
/// </remarks>
internal static class S3ClientFactory
{
    /// <summary>The region used when neither the connection nor the environment names one.</summary>
    public const string FallbackRegion = "us-east-1";

    /// <summary>Creates the client; the caller disposes it.</summary>
    /// <param name="settings">The connection's settings.</param>
    /// <param name="httpClientFactory">An HTTP client factory (tests inject faults with it); null for the SDK's.</param>
    /// <exception cref="BatonConfigurationException">The credentials named by the connection cannot be found.</exception>
    public static AmazonS3Client Create(S3ConnectionSettings settings, HttpClientFactory? httpClientFactory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var config = new AmazonS3Config
        {
            RetryMode = settings.RetryMode,
            MaxErrorRetry = settings.MaxAttempts - 1,
            ForcePathStyle = settings.ForcePathStyle ?? settings.EndpointUrl is not null,
        };
        if (settings.EndpointUrl is { } endpoint)
        {
            config.ServiceURL = endpoint.AbsoluteUri;
            config.AuthenticationRegion = settings.Region ?? FallbackRegion;
        }
        else
        {
            config.RegionEndpoint = settings.Region is { } region
                ? RegionEndpoint.GetBySystemName(region)
                : FallbackRegionFactory.GetRegionEndpoint() ?? RegionEndpoint.GetBySystemName(FallbackRegion);
        }

        if (settings.RequestChecksumCalculation is { } requestChecksums)
        {
            config.RequestChecksumCalculation = requestChecksums;
        }

        if (settings.ResponseChecksumValidation is { } responseChecksums)
        {
            config.ResponseChecksumValidation = responseChecksums;
        }

        config.HttpClientFactory = httpClientFactory ?? new S3HttpClientFactory(settings.RequestTimeout, settings.ConnectTimeout);

        var credentials = CredentialsFor(settings);
        return (credentials, settings.DisableChunkEncoding) switch
        {
            (null, true) => new PlainBodyS3Client(config),
            (null, false) => new AmazonS3Client(config),
            (_, true) => new PlainBodyS3Client(credentials, config),
            (_, false) => new AmazonS3Client(credentials, config),
        };
    }

    /// <summary>The connection's credentials, or null for the SDK's default chain (resolved on first use).</summary>
    /// <exception cref="BatonConfigurationException">A named profile is missing, or a role has no credentials to be assumed with.</exception>
    internal static AWSCredentials? CredentialsFor(S3ConnectionSettings settings)
    {
        AWSCredentials? own = null;
        if (settings.AccessKeyId is { } keyId)
        {
            own = settings.SessionToken is { } token
                ? new SessionAWSCredentials(keyId, settings.SecretAccessKey, token)
                : new BasicAWSCredentials(keyId, settings.SecretAccessKey);
        }
        else if (settings.ProfileName is { } profile)
        {
            if (!new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out own))
            {
                throw new BatonConfigurationException(
                    $"Connection '{settings.ConnId}' names the AWS profile '{profile}' (extra profile_name), which is in neither ~/.aws/credentials nor ~/.aws/config.");
            }
        }

        if (settings.RoleArn is null)
        {
            return own;
        }

        if (own is null)
        {
            try
            {
                own = DefaultAWSCredentialsIdentityResolver.GetCredentials();
            }
            catch (AmazonClientException e)
            {
                throw new BatonConfigurationException(
                    $"Connection '{settings.ConnId}' assumes role {settings.RoleArn} but has no login and password, and the default AWS credential chain found none to assume it with: {e.Message}", e);
            }
        }

        return new AssumedRoleCredentials(own, settings);
    }
}
