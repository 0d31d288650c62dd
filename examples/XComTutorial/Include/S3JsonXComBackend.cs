using Baton.Configuration;
using Baton.Serialization;
using Baton.Storage;
using Microsoft.Extensions.Configuration;

namespace XComTutorial.Include;

/// <summary>
/// The tutorial's step 4 class <c>S3XComBackendJSON</c>, in C#: every value is written as JSON to
/// <c>{prefix}/{run_id}/{task_id}/data_{uuid}.json</c> in an S3 bucket, and the metadata database keeps only the reference
/// string <c>xcom_s3://{key}</c>. The bucket, the key prefix and the connection come from one setting,
/// <c>BATON__TUTORIAL__S3_XCOM_URL=s3://s3_xcom_backend_conn@s3-xcom-backend-example/xcoms</c>, opened by Baton's S3
/// provider (<c>AddBatonS3</c>), so the credentials, region and endpoint are those of the connection
/// (<c>connections add s3_xcom_backend_conn …</c> or <c>BATON_CONN_S3_XCOM_BACKEND_CONN</c>). Select it in .env:
/// <c>BATON__XCOM__BACKEND=XComTutorial.Include.S3JsonXComBackend, XComTutorial</c>.
/// </summary>
/// <remarks>
/// The key in the reference is the object's key in the bucket (prefix included), as in the tutorial; the bucket and
/// connection are not in it, so values written before the setting names another bucket or connection cannot be read.
/// </remarks>
public sealed class S3JsonXComBackend : JsonFileXComBackend
{
    /// <summary>The prefix of the reference strings this backend keeps in the database.</summary>
    public const string Prefix = "xcom_s3://";

    /// <summary>The setting that names the bucket, prefix and connection, as an environment variable.</summary>
    public const string UrlVariable = "BATON__TUTORIAL__S3_XCOM_URL";

    /// <summary>The connection the tutorial uses.</summary>
    public const string DefaultConnId = "s3_xcom_backend_conn";

    private const string UrlKey = "tutorial:s3_xcom_url";
    private const string Example = "s3://" + DefaultConnId + "@s3-xcom-backend-example/xcoms";

    private readonly IConfiguration _configuration;
    private readonly ObjectStoreResolver _stores;

    /// <summary>Creates the backend; Baton constructs it with dependency injection. The store is opened on first use.</summary>
    /// <param name="configuration">Baton's settings, which hold <see cref="UrlVariable"/>.</param>
    /// <param name="stores">Opens <c>s3://</c> URLs with the provider <c>AddBatonS3</c> registers.</param>
    /// <param name="serializers">The app's serializers (see <see cref="JsonFileXComBackend"/>).</param>
    public S3JsonXComBackend(IConfiguration configuration, ObjectStoreResolver stores, XComSerializerRegistry serializers) : base(Prefix, serializers)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(stores);
        _configuration = configuration;
        _stores = stores;
    }

    /// <inheritdoc />
    /// <exception cref="BatonConfigurationException">
    /// <see cref="UrlVariable"/> is missing or not an <c>s3://</c> URL, names an unknown connection, or the S3 provider is not registered.
    /// </exception>
    protected override ValueTask<ObjectStoreAddress> OpenStoreAsync(CancellationToken cancellationToken)
    {
        var url = _configuration[UrlKey]?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            throw new BatonConfigurationException(
                $"{UrlVariable} must be set when BATON__XCOM__BACKEND names {typeof(S3JsonXComBackend).FullName}: the bucket, key prefix and connection, e.g. {UrlVariable}={Example}.");
        }

        if (!url.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            // Name only the scheme: the rest of a URL may carry a secret in its user-info.
            var scheme = url.IndexOf("://", StringComparison.Ordinal) is > 0 and var end ? url[..end] + "://" : "no scheme";
            throw new BatonConfigurationException($"{UrlVariable} must be an s3:// URL, not {scheme}; write it as {Example}.");
        }

        // The provider caches one client per (connection, bucket), so resolving on every call is cheap.
        return _stores.ResolveAsync(url.TrimEnd('/') + "/", cancellationToken);
    }
}
