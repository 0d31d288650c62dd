using System.Net;
using Baton.Configuration;

namespace Baton.Storage.Azure;

/// <summary>
/// What an Azure store URL names: the connection, the container and a path (prefix or key) inside it, and for the
/// <c>abfs</c>/<c>wasb</c> forms the storage account of the URL's host.
/// </summary>
/// <param name="ConnId">The connection whose credentials open the container.</param>
/// <param name="Container">The container (lower case).</param>
/// <param name="Path">The rest of the URL without its leading <c>/</c>, percent-decoded; may be empty.</param>
/// <param name="AccountName">The account the URL's host names (<c>abfs</c>/<c>wasb</c> forms only), or null.</param>
internal sealed record AzureBlobLocation(string ConnId, string Container, string Path, string? AccountName) : ObjectStoreUrl(ConnId, Container, Path)
{
    /// <summary>The scheme of Baton's own form and of every store root, <c>az://conn_id@container</c>.</summary>
    public const string Scheme = "az";

    /// <summary>Every scheme the provider opens.</summary>
    public static readonly IReadOnlyCollection<string> Schemes = [Scheme, "abfs", "abfss", "wasb", "wasbs"];

    private const string Forms =
        "write az://conn_id@container/prefix, or abfss://container@ACCOUNT.dfs.core.windows.net/prefix?conn_id=ID " +
        "(likewise abfs, wasb, wasbs with ACCOUNT.blob.core.windows.net)";

    /// <summary>The root URL of a container's store; <c>ObjectKeys.Join(root, key)</c> is an object's location.</summary>
    public static string RootOf(string connId, string container) => $"{Scheme}://{Uri.EscapeDataString(connId)}@{container}";

    /// <summary>Parses <c>az://conn_id@container/path</c> or the Hadoop forms with <c>?conn_id=</c>.</summary>
    /// <exception cref="BatonConfigurationException">The URL does not have one of these forms; the message says what is wrong.</exception>
    public static AzureBlobLocation Parse(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || !Schemes.Contains(url.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            throw Malformed(url, "its scheme is not one of " + string.Join(", ", Schemes.Select(s => s + "://")));
        }

        if (!string.IsNullOrEmpty(url.Fragment))
        {
            throw Malformed(url, "it has a '#' fragment");
        }

        if (url.Port >= 0 && !url.IsDefaultPort)
        {
            throw Malformed(url, "it has a port; the endpoint comes from the connection");
        }

        var userInfo = Uri.UnescapeDataString(url.UserInfo);
        var path = Uri.UnescapeDataString(url.AbsolutePath).TrimStart('/');
        return string.Equals(url.Scheme, Scheme, StringComparison.OrdinalIgnoreCase)
            ? ParseBaton(url, userInfo, path)
            : ParseHadoop(url, userInfo, path);
    }

    private static AzureBlobLocation ParseBaton(Uri url, string userInfo, string path)
    {
        if (userInfo.Length == 0)
        {
            throw Malformed(url, "it names no connection before '@'");
        }

        if (userInfo.Contains(':', StringComparison.Ordinal))
        {
            // Never repeat the user part: it may be a secret someone put in the URL.
            throw Malformed(url, "its user part has a ':'; a store URL names a connection id, never a key or password");
        }

        if (!string.IsNullOrEmpty(url.Query))
        {
            throw Malformed(url, "it has a query; az:// URLs take none");
        }

        return new AzureBlobLocation(userInfo, CheckContainer(url, url.Host), path, null);
    }

    private static AzureBlobLocation ParseHadoop(Uri url, string userInfo, string path)
    {
        // In abfs/wasb URLs the user part is the container and the host is the account, so the connection comes from the query.
        var connId = ConnIdFromQuery(url);
        if (userInfo.Length == 0 || userInfo.Contains(':', StringComparison.Ordinal))
        {
            throw Malformed(url, "it names no container before '@'");
        }

        var host = url.Host;
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || url.HostNameType != UriHostNameType.Dns || IPAddress.TryParse(host, out _))
        {
            throw Malformed(url, "its host is not ACCOUNT.dfs.core.windows.net or ACCOUNT.blob.core.windows.net");
        }

        return new AzureBlobLocation(connId, CheckContainer(url, userInfo.ToLowerInvariant()), path, host[..dot]);
    }

    private static string ConnIdFromQuery(Uri url)
    {
        string? connId = null;
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            if (name != "conn_id")
            {
                throw Malformed(url, $"its query has '{name}'; the only parameter is conn_id");
            }

            connId = Uri.UnescapeDataString(equals < 0 ? "" : pair[(equals + 1)..]);
        }

        return string.IsNullOrEmpty(connId)
            ? throw Malformed(url, $"it has no ?conn_id=ID (in {url.Scheme}:// URLs the user part is the container, so the connection goes in the query)")
            : connId;
    }

    /// <summary>Azure's container naming rules: 3 to 63 lower-case letters, digits and single dashes, starting and ending with a letter or digit.</summary>
    public static bool IsValidContainerName(string container) =>
        container.Length is >= 3 and <= 63
        && container.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && container[0] != '-' && container[^1] != '-'
        && !container.Contains("--", StringComparison.Ordinal);

    private static string CheckContainer(Uri url, string container) =>
        IsValidContainerName(container)
            ? container
            : throw Malformed(url, $"'{container}' is not a valid container name (3-63 lower-case letters, digits and single dashes, starting and ending with a letter or digit)");

    private static BatonConfigurationException Malformed(Uri url, string problem) =>
        new($"'{Redacted(url)}' is not an Azure Blob store URL: {problem}; {Forms}.");

    /// <summary>The URL without anything after a ':' in its user part, which could be a secret.</summary>
    internal static string Redacted(Uri url)
    {
        var text = url.OriginalString;
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (at < 0 || schemeEnd < 0 || at < schemeEnd)
        {
            return text;
        }

        var colon = text.IndexOf(':', schemeEnd + 3);
        return colon >= 0 && colon < at ? text[..colon] + ":***" + text[at..] : text;
    }
}
