using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;
using Baton.Configuration;
using Baton.Connections;

namespace Baton.Storage.Azure;

/// <summary>
/// A <c>wasb</c> connection read the way Airflow's WasbHook reads it, and the Blob service client built from it.
/// </summary>
/// <remarks>
/// <para>Extra keys are read with or without the <c>extra__wasb__</c> prefix. The first that applies wins:</para>
/// <list type="number">
/// <item><c>connection_string</c>: a storage connection string (endpoint and secret together).</item>
/// <item><c>tenant_id</c>: a service principal; its client id is extra <c>client_id</c> or the login, its secret extra
/// <c>client_secret</c> or the password.</item>
/// <item><c>shared_access_key</c>: an account key.</item>
/// <item><c>sas_token</c>: a SAS token (<c>sv=…&amp;sig=…</c>), or a whole SAS URL, which then also gives the endpoint.</item>
/// <item>the password: the account key, with the login as account name.</item>
/// <item>none of these: <c>DefaultAzureCredential</c> (environment, workload identity, managed identity — extra
/// <c>managed_identity_client_id</c> picks a user-assigned one —, Azure CLI, …).</item>
/// </list>
/// <para>The endpoint is extra <c>account_url</c> (or <c>endpoint</c>), else the host (a URL, a DNS name, or an account
/// name), else <c>https://{login}.blob.core.windows.net</c>. Extras <c>max_block_size</c>, <c>max_single_put_size</c>,
/// <c>max_concurrency</c> and <c>retry_total</c> tune transfers (the Python SDK's names, which Airflow passes through).</para>
/// </remarks>
internal sealed class AzureBlobConnection : IDisposable
{
    /// <summary>The connection types read as Azure Blob Storage connections.</summary>
    public static readonly IReadOnlyCollection<string> ConnectionTypes = ["wasb", "azure_blob_storage"];

    private const string AirflowType = "wasb";
    private const string PublicCloudSuffix = ".blob.core.windows.net";

    private HttpClient? _http;

    private AzureBlobConnection(string connId, BlobServiceClient client, Uri serviceUri, string accountName, string authentication, AzureBlobTransferOptions transfer, string? defaultContainer)
    {
        ConnId = connId;
        Client = client;
        ServiceUri = serviceUri;
        AccountName = accountName;
        Authentication = authentication;
        Transfer = transfer;
        DefaultContainer = defaultContainer;
    }

    /// <summary>The connection's id.</summary>
    public string ConnId { get; }

    /// <summary>The Blob service client; thread-safe and meant to be shared.</summary>
    public BlobServiceClient Client { get; }

    /// <summary>The account's Blob endpoint, without any SAS token (safe to show).</summary>
    public Uri ServiceUri { get; }

    /// <summary>The storage account's name.</summary>
    public string AccountName { get; }

    /// <summary>How requests are authenticated, for messages (e.g. <c>account key</c>); never the secret.</summary>
    public string Authentication { get; }

    /// <summary>Transfer and retry settings.</summary>
    public AzureBlobTransferOptions Transfer { get; }

    /// <summary>Extra <c>container_name</c> or <c>bucket_name</c>, or null.</summary>
    public string? DefaultContainer { get; }

    /// <summary>Reads the connection and builds its client; the connection owns the client's HTTP client (dispose it).</summary>
    /// <param name="connection">A <c>wasb</c> (or <c>azure_blob_storage</c>) connection; the provider checks its type.</param>
    /// <param name="configureClient">Adjusts the client options after Baton's (tests add pipeline policies).</param>
    /// <param name="requestTimeout">The request timeout when the connection sets none (<c>BATON__XCOM__REQUEST_TIMEOUT</c>).</param>
    /// <exception cref="BatonConfigurationException">The connection names no account, or a field is malformed.</exception>
    /// <exception cref="ConnectionFormatException">The connection's extra is not a JSON object.</exception>
    public static AzureBlobConnection Create(Connection connection, Action<BlobClientOptions>? configureClient = null, TimeSpan? requestTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var extra = new ConnectionExtraReader(connection, AirflowType);
        var transfer = ReadTransfer(extra, requestTimeout ?? XComOptions.DefaultRequestTimeout);
        var http = new HttpClient(new IdleTimeoutHandler(transfer.RequestTimeout, new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        }))
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var built = false;
        try
        {
            var options = ClientOptions(transfer, http);
            configureClient?.Invoke(options);
            var azure = Build(connection, extra, transfer, options);
            azure._http = http;
            built = true;
            return azure;
        }
        finally
        {
            if (!built)
            {
                http.Dispose();
            }
        }
    }

    /// <summary>Disposes the HTTP client under the Blob client.</summary>
    public void Dispose() => _http?.Dispose();

    private static AzureBlobConnection Build(Connection connection, ConnectionExtraReader extra, AzureBlobTransferOptions transfer, BlobClientOptions options)
    {
        var connId = connection.ConnId;
        string? Extra(string name) => extra.Text(name);
        var defaultContainer = Extra("container_name") ?? Extra("bucket_name");

        if (Extra("connection_string") is { } connectionString)
        {
            BlobServiceClient client;
            try
            {
                client = new BlobServiceClient(connectionString, options);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
            {
                // The SDK's message may quote the string, and with it the key: say only which extra is wrong, and drop the error.
                throw Invalid(connId, "extra connection_string is not a valid Azure Storage connection string");
            }

            return new AzureBlobConnection(connId, client, WithoutQuery(client.Uri), client.AccountName, "connection string", transfer, defaultContainer);
        }

        var sasToken = Extra("sas_token");
        Uri? sasUrl = null;
        if (sasToken is not null && sasToken.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            // Airflow accepts a whole SAS URL here: it gives the endpoint and the token.
            if (!Uri.TryCreate(sasToken, UriKind.Absolute, out sasUrl) || string.IsNullOrEmpty(sasUrl.Query))
            {
                throw Invalid(connId, "extra sas_token starts with 'http' but is not a URL with a SAS query");
            }

            sasToken = sasUrl.Query;
        }

        var tenantId = Extra("tenant_id");
        var login = NullIfBlank(connection.Login);
        var serviceUri = sasUrl is not null ? AccountUri(connId, sasUrl, "extra sas_token") : ServiceUriOf(connection, Extra, tenantId is null ? login : null);
        var accountName = new BlobUriBuilder(serviceUri).AccountName;
        if (string.IsNullOrEmpty(accountName))
        {
            accountName = tenantId is null ? login ?? "" : "";
        }

        if (tenantId is not null)
        {
            var clientId = Extra("client_id") ?? login
                ?? throw Invalid(connId, "extra tenant_id is set but neither extra client_id nor the login gives the service principal's client id");
            var secret = Extra("client_secret") ?? NullIfBlank(connection.Password)
                ?? throw Invalid(connId, "extra tenant_id is set but neither extra client_secret nor the password gives the service principal's secret");
            var credential = new ClientSecretCredential(tenantId, clientId, secret);
            return WithToken(connId, serviceUri, accountName, credential, $"service principal {clientId} of tenant {tenantId}", options, transfer, defaultContainer);
        }

        if (Extra("shared_access_key") is { } sharedKey)
        {
            return WithKey(connId, serviceUri, accountName, sharedKey, "extra shared_access_key", options, transfer, defaultContainer);
        }

        if (sasToken is not null)
        {
            var client = new BlobServiceClient(serviceUri, new AzureSasCredential(sasToken.TrimStart('?')), options);
            return new AzureBlobConnection(connId, client, serviceUri, accountName, "SAS token", transfer, defaultContainer);
        }

        if (NullIfBlank(connection.Password) is { } accountKey)
        {
            return WithKey(connId, serviceUri, accountName, accountKey, "the password", options, transfer, defaultContainer);
        }

        var defaultOptions = new DefaultAzureCredentialOptions();
        var managedIdentity = Extra("managed_identity_client_id");
        if (managedIdentity is not null)
        {
            defaultOptions.ManagedIdentityClientId = managedIdentity;
        }

        if (Extra("workload_identity_tenant_id") is { } workloadTenant)
        {
            defaultOptions.TenantId = workloadTenant;
        }

        return WithToken(connId, serviceUri, accountName, new DefaultAzureCredential(defaultOptions),
            managedIdentity is null ? "DefaultAzureCredential" : $"DefaultAzureCredential (managed identity {managedIdentity})", options, transfer, defaultContainer);
    }

    /// <summary>
    /// The same connection and client with other transfer settings (list page size, block size); retries and timeouts
    /// stay the client's, and the HTTP client stays this connection's to dispose.
    /// </summary>
    internal AzureBlobConnection WithTransfer(AzureBlobTransferOptions transfer) =>
        new(ConnId, Client, ServiceUri, AccountName, Authentication, transfer, DefaultContainer);

    /// <summary>
    /// The client options: Azure.Core's exponential retry policy (jittered delays from <see cref="AzureBlobTransferOptions.RetryDelay"/>
    /// doubling up to <see cref="AzureBlobTransferOptions.MaxRetryDelay"/>, <see cref="AzureBlobTransferOptions.MaxRetries"/> retries),
    /// which retries transport failures, timeouts and 408/429/500/502/503/504 answers, and a download stream that resumes
    /// with range requests after a dropped connection. The transport is <paramref name="http"/>, whose
    /// <see cref="IdleTimeoutHandler"/> fails a try that moves no bytes for <see cref="AzureBlobTransferOptions.RequestTimeout"/>;
    /// Azure.Core's own network timeout, which also limits how long a block upload may take in all, is off.
    /// </summary>
    internal static BlobClientOptions ClientOptions(AzureBlobTransferOptions transfer, HttpClient http)
    {
        var options = new BlobClientOptions { Transport = new HttpClientTransport(http) };
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = transfer.MaxRetries;
        options.Retry.Delay = transfer.RetryDelay;
        options.Retry.MaxDelay = transfer.MaxRetryDelay;
        options.Retry.NetworkTimeout = Timeout.InfiniteTimeSpan;
        options.Diagnostics.ApplicationId = "Baton";
        return options;
    }

    private static AzureBlobConnection WithKey(string connId, Uri serviceUri, string accountName, string key, string source, BlobClientOptions options, AzureBlobTransferOptions transfer, string? defaultContainer)
    {
        if (accountName.Length == 0)
        {
            throw Invalid(connId, $"it gives an account key ({source}) but no account name: set the login to the storage account's name");
        }

        if (!IsBase64(key))
        {
            throw Invalid(connId, $"{source} is not an account key (keys are base64 text, e.g. 88 characters ending in '==')");
        }

        var client = new BlobServiceClient(serviceUri, new StorageSharedKeyCredential(accountName, key), options);
        return new AzureBlobConnection(connId, client, serviceUri, accountName, "account key", transfer, defaultContainer);
    }

    private static AzureBlobConnection WithToken(string connId, Uri serviceUri, string accountName, TokenCredential credential, string authentication, BlobClientOptions options, AzureBlobTransferOptions transfer, string? defaultContainer)
    {
        if (serviceUri.Scheme != Uri.UriSchemeHttps)
        {
            throw Invalid(connId, $"{authentication} needs an https endpoint, and the endpoint is {serviceUri}; use an account key, a SAS token or a connection string over http");
        }

        var client = new BlobServiceClient(serviceUri, credential, options);
        return new AzureBlobConnection(connId, client, serviceUri, accountName, authentication, transfer, defaultContainer);
    }

    private static Uri ServiceUriOf(Connection connection, Func<string, string?> extra, string? accountFromLogin)
    {
        var connId = connection.ConnId;
        if ((extra("account_url") ?? extra("endpoint")) is { } accountUrl)
        {
            return Uri.TryCreate(accountUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                ? AccountUri(connId, url, "extra account_url")
                : throw Invalid(connId, "extra account_url is not an http(s) URL such as https://ACCOUNT.blob.core.windows.net");
        }

        if (NullIfBlank(connection.Host) is { } host)
        {
            if (host.Contains("://", StringComparison.Ordinal))
            {
                if (!Uri.TryCreate(host, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                {
                    throw Invalid(connId, "the host is not an http(s) URL, a DNS name or an account name");
                }

                if (connection.Port is { } port && url.IsDefaultPort)
                {
                    url = new UriBuilder(url) { Port = port }.Uri;
                }

                return AccountUri(connId, url, "the host");
            }

            if (Uri.TryCreate("https://" + host, UriKind.Absolute, out var named) && named.AbsolutePath == "/" && string.IsNullOrEmpty(named.Query))
            {
                // A bare name is the account; a DNS name (with a dot) is the endpoint's host, as in Airflow.
                return host.Contains('.', StringComparison.Ordinal)
                    ? AccountUri(connId, named, "the host")
                    : new Uri("https://" + host.ToLowerInvariant() + PublicCloudSuffix);
            }

            throw Invalid(connId, "the host is not an http(s) URL, a DNS name or an account name");
        }

        if (accountFromLogin is not null && Uri.CheckHostName(accountFromLogin + PublicCloudSuffix) == UriHostNameType.Dns)
        {
            return new Uri("https://" + accountFromLogin.ToLowerInvariant() + PublicCloudSuffix);
        }

        throw Invalid(connId, "it names no storage account: set the login to the account name, the host to the account URL, or extra account_url");
    }

    /// <summary>The account-level URL of a URL that may name a container, a blob or carry a query.</summary>
    private static Uri AccountUri(string connId, Uri url, string source)
    {
        if (!string.IsNullOrEmpty(url.Query) && source != "extra sas_token")
        {
            throw Invalid(connId, $"{source} has a query; put a SAS token in extra sas_token instead");
        }

        var builder = new BlobUriBuilder(WithoutQuery(url)) { BlobContainerName = "", BlobName = "" };
        return builder.ToUri();
    }

    private static Uri WithoutQuery(Uri url) => new(url.GetLeftPart(UriPartial.Path).TrimEnd('/'));

    private static AzureBlobTransferOptions ReadTransfer(ConnectionExtraReader extra, TimeSpan requestTimeout)
    {
        var defaults = AzureBlobTransferOptions.Default;
        var blockSize = extra.WholeNumber(AzureBlobTransferOptions.MinBlockSize, AzureBlobTransferOptions.MaxBlockSize, "max_block_size") ?? defaults.BlockSize;
        return defaults with
        {
            BlockSize = blockSize,
            SinglePutSize = extra.WholeNumber(0, AzureBlobTransferOptions.MaxBlockSize, "max_single_put_size") ?? blockSize,
            MaxConcurrency = extra.WholeNumber(1, 64, "max_concurrency") ?? defaults.MaxConcurrency,
            MaxRetries = extra.WholeNumber(0, 20, "retry_total") ?? defaults.MaxRetries,
            RequestTimeout = extra.Timeout(requestTimeout),
        };
    }

    private static bool IsBase64(string text)
    {
        Span<byte> buffer = stackalloc byte[512];
        return text.Length <= 344 && Convert.TryFromBase64String(text, buffer, out var written) && written > 0;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static BatonConfigurationException Invalid(string connId, string problem) =>
        new($"Connection '{connId}' cannot be used for Azure Blob Storage: {problem}.");
}
