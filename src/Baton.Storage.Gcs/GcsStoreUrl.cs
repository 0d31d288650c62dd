using Baton.Configuration;

namespace Baton.Storage.Gcs;

/// <summary>A parsed <c>gs://conn_id@bucket/path</c>: the connection, the bucket and the path inside it.</summary>
internal sealed record GcsStoreUrl(string ConnId, string Bucket, string Path) : ObjectStoreUrl(ConnId, Bucket, Path)
{
    private const string Example = "gs://conn_id@bucket/prefix";

    /// <summary>Parses a store URL; the path has no leading or trailing <c>/</c> and may be empty.</summary>
    /// <exception cref="BatonConfigurationException">The URL has no connection id, a password, a port, a query, or a bucket name GCS would refuse.</exception>
    public static GcsStoreUrl Parse(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || !GcsObjectStoreProvider.SupportedSchemes.Contains(url.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            throw new BatonConfigurationException($"'{url}' is not a Google Cloud Storage URL; write it as {Example}.");
        }

        var userInfo = url.UserInfo;
        if (userInfo.Contains(':', StringComparison.Ordinal))
        {
            // Never repeat the URL here: what follows the colon may be a secret.
            throw new BatonConfigurationException(
                $"A {url.Scheme}:// URL for bucket '{url.Host}' carries a password after the connection id; write it as {Example} and keep credentials in the connection.");
        }

        var connId = Uri.UnescapeDataString(userInfo);
        if (connId.Length == 0)
        {
            throw new BatonConfigurationException(
                $"'{url}' names no connection; write it as {Example}, where conn_id is a google_cloud_platform connection (connections add, or BATON_CONN_<ID>).");
        }

        if (!url.IsDefaultPort || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            throw new BatonConfigurationException($"'{url}' has a port, a query or a fragment; write it as {Example} (a custom endpoint goes in the connection's endpoint_url).");
        }

        var bucket = url.Host;
        if (BucketProblem(bucket) is { } problem)
        {
            throw new BatonConfigurationException($"'{url}' does not name a valid bucket: {problem}.");
        }

        var path = Uri.UnescapeDataString(url.AbsolutePath).Trim('/');
        return new GcsStoreUrl(connId, bucket, path);
    }

    /// <summary>Why GCS would refuse a bucket name, or null when it is valid.</summary>
    public static string? BucketProblem(string bucket)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        if (bucket.Length == 0)
        {
            return "the bucket name is empty";
        }

        var maxLength = bucket.Contains('.', StringComparison.Ordinal) ? 222 : 63;
        if (bucket.Length < 3 || bucket.Length > maxLength)
        {
            return $"bucket '{bucket}' must have 3 to 63 characters (up to 222 with dots)";
        }

        if (!bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.'))
        {
            return $"bucket '{bucket}' may only have lower-case letters, digits, '-', '_' and '.'";
        }

        if (!char.IsAsciiLetterOrDigit(bucket[0]) || !char.IsAsciiLetterOrDigit(bucket[^1]))
        {
            return $"bucket '{bucket}' must start and end with a letter or a digit";
        }

        return bucket.StartsWith("goog", StringComparison.Ordinal) ? $"bucket '{bucket}' may not start with 'goog'" : null;
    }
}
