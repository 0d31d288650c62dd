using System.Text.RegularExpressions;
using Baton.Configuration;

namespace Baton.Storage.S3;

/// <summary>
/// The parts of an <c>s3://conn_id@bucket/prefix</c> URL: the connection id (user-info; <c>aws_default</c> when absent, as in
/// Airflow), the bucket (the host) and the path after it (a prefix or an object key, without its leading <c>/</c>).
/// </summary>
internal sealed partial record S3StoreUrl(string? ConnId, string Bucket, string Path) : ObjectStoreUrl(ConnId, Bucket, Path)
{
    /// <summary>The scheme this provider opens.</summary>
    public const string Scheme = "s3";

    /// <summary>The connection Airflow's S3 hook uses when none is named.</summary>
    public const string DefaultConnId = "aws_default";

    private const string Example = "s3://conn_id@bucket/prefix";

    /// <summary>The connection to look up: the one named in the URL, else <see cref="DefaultConnId"/>.</summary>
    public string EffectiveConnId => ConnId ?? DefaultConnId;

    /// <summary>The store's URL without a key: <c>s3://conn_id@bucket</c>, or <c>s3://bucket</c> when the URL named no connection.</summary>
    public string Root => RootOf(ConnId, Bucket);

    /// <summary>The root of a bucket's store: <c>s3://conn_id@bucket</c>, or <c>s3://bucket</c> without a connection id.</summary>
    public static string RootOf(string? connId, string bucket) =>
        connId is null ? $"{Scheme}://{bucket}" : $"{Scheme}://{Uri.EscapeDataString(connId)}@{bucket}";

    /// <summary>Parses an <c>s3://</c> URL.</summary>
    /// <exception cref="BatonConfigurationException">The URL is not of the form <c>s3://conn_id@bucket/prefix</c>; the message says why.</exception>
    public static S3StoreUrl Parse(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        // Read the original text: Uri normalises paths (dot segments, escapes) and keys must stay exactly as written.
        var text = url.OriginalString.Trim();
        if (!url.IsAbsoluteUri || !string.Equals(url.Scheme, Scheme, StringComparison.OrdinalIgnoreCase)
            || !text.StartsWith(Scheme + "://", StringComparison.OrdinalIgnoreCase))
        {
            throw Malformed(url, "it is not an s3:// URL");
        }

        var rest = text[(Scheme.Length + 3)..];
        if (rest.IndexOfAny(['?', '#']) >= 0)
        {
            throw Malformed(url, "it has a query or a fragment; settings belong in the connection's extra");
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? "" : Uri.UnescapeDataString(rest[(slash + 1)..]);

        string? connId = null;
        var host = authority;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            host = authority[(at + 1)..];
            if (userInfo.Contains(':', StringComparison.Ordinal))
            {
                // Never echo the URL here: what follows ':' would be a secret.
                throw new BatonConfigurationException(
                    $"An s3:// URL for bucket '{host}' carries a password in its user-info; name only the connection ({Example}) and keep the secret in the connection.");
            }

            connId = Uri.UnescapeDataString(userInfo);
            if (connId.Length == 0 || !connId.All(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                throw Malformed(url, "the connection id before '@' is empty or has characters other than letters, digits, '_', '.' and '-'");
            }
        }

        if (host.Contains(':', StringComparison.Ordinal))
        {
            throw Malformed(url, "the bucket has a port; the endpoint belongs in the connection's extra (endpoint_url)");
        }

        var bucket = host.ToLowerInvariant();
        if (!IsValidBucketName(bucket))
        {
            throw Malformed(url, $"'{bucket}' is not a valid bucket name (3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit)");
        }

        return new S3StoreUrl(connId, bucket, path.TrimStart('/'));
    }

    /// <summary>True for a valid S3 bucket name: 3 to 63 lower-case letters, digits, dots and dashes, letter or digit at both ends.</summary>
    public static bool IsValidBucketName(string bucket) =>
        BucketName().IsMatch(bucket) && !bucket.Contains("..", StringComparison.Ordinal);

    private static BatonConfigurationException Malformed(Uri url, string problem) =>
        new($"'{Redacted(url)}' is not a valid S3 store URL: {problem}. Write it as {Example}.");

    private static string Redacted(Uri url)
    {
        var text = url.OriginalString;
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var at = text.LastIndexOf('@');
        var colon = schemeEnd < 0 || at < 0 ? -1 : text.IndexOf(':', schemeEnd + 3);
        return colon >= 0 && colon < at ? text[..colon] + ":***" + text[at..] : text;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex BucketName();
}
