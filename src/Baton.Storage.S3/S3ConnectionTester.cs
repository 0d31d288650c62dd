using System.Text;
using Amazon.Runtime;
using Baton.Configuration;
using Baton.Connections;

namespace Baton.Storage.S3;

/// <summary>
/// Tests <c>aws</c> (and legacy <c>s3</c>) connections: writes a small probe object under <c>baton-connection-test/</c>,
/// reads its properties, reads it back and deletes it, and reports the step that failed and why (refused credentials,
/// a missing bucket and an unreachable endpoint each get their own message). Never throws for a failed check.
/// </summary>
internal sealed class S3ConnectionTester : IConnectionTester
{
    /// <summary>The prefix probe objects are written under.</summary>
    public const string ProbePrefix = "baton-connection-test/";

    private readonly HttpClientFactory? _httpClientFactory;

    /// <summary>Creates the tester.</summary>
    public S3ConnectionTester() : this(null) { }

    /// <summary>Creates the tester with an HTTP client factory (tests inject faults with it).</summary>
    internal S3ConnectionTester(HttpClientFactory? httpClientFactory)
    {
        _httpClientFactory = httpClientFactory;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> ConnectionTypes { get; } = ["aws", "s3"];

    /// <inheritdoc />
    /// <remarks>
    /// The bucket is <paramref name="container"/>, else the connection's extra <c>bucket_name</c>, <c>container_name</c>
    /// or <c>service_config.s3.bucket_name</c>.
    /// </remarks>
    public async Task<ConnectionTestResult> TestAsync(Connection connection, string? container, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        S3ConnectionSettings settings;
        try
        {
            settings = S3ObjectStoreProvider.SettingsFor(connection);
        }
        catch (BatonConfigurationException e)
        {
            return new ConnectionTestResult(false, $"the connection's settings are invalid: {e.Message}");
        }

        var bucket = string.IsNullOrWhiteSpace(container) ? settings.BucketName : container.Trim();
        if (bucket is null)
        {
            return new ConnectionTestResult(false,
                $"no bucket to probe: pass one (--bucket), point BATON__XCOM__PATH at s3://{connection.ConnId}@bucket/prefix, or set bucket_name in the connection's extra");
        }

        if (!S3StoreUrl.IsValidBucketName(bucket))
        {
            return new ConnectionTestResult(false, $"'{bucket}' is not a valid bucket name (3 to 63 lower-case letters, digits, '.' and '-')");
        }

        Amazon.S3.AmazonS3Client client;
        try
        {
            client = S3ClientFactory.Create(settings, _httpClientFactory);
        }
        catch (BatonConfigurationException e)
        {
            return new ConnectionTestResult(false, $"the connection's credentials cannot be used: {e.Message}");
        }

        using var owned = client;
        var store = new S3ObjectStore(client, new S3StoreUrl(connection.ConnId, bucket, "").Root, bucket, settings);
        var key = $"{ProbePrefix}{Guid.NewGuid():N}.txt";
        var payload = Encoding.ASCII.GetBytes($"Baton connection test of '{connection.ConnId}'. Safe to delete.\n");
        var where = $"bucket '{bucket}' at {settings.EndpointDescription}";
        var step = $"writing probe object '{key}' to {where}";
        var written = false;
        try
        {
            await store.PutAsync(key, new MemoryStream(payload, writable: false), new Dictionary<string, string> { ["baton-probe"] = "1" }, cancellationToken)
                .ConfigureAwait(false);
            written = true;

            step = $"reading the properties of probe object '{key}' in {where}";
            var info = await store.StatAsync(key, cancellationToken).ConfigureAwait(false);
            if (info is null || info.Size != payload.Length || !info.Metadata.TryGetValue("baton-probe", out var probe) || probe != "1")
            {
                return Failed(step, info is null
                    ? "the object was written but is not there"
                    : $"the object reads back as {info.Size} bytes with metadata [{string.Join(", ", info.Metadata.Keys)}], not {payload.Length} bytes with baton-probe=1; the server may corrupt uploads (set disable_chunk_encoding for S3-compatible servers)");
            }

            step = $"reading probe object '{key}' back from {where}";
            byte[] read;
            await using (var stream = await store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false))
            using (var copy = new MemoryStream())
            {
                await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
                read = copy.ToArray();
            }

            if (!read.AsSpan().SequenceEqual(payload))
            {
                return Failed(step, $"the bytes read back differ from those written ({read.Length} bytes instead of {payload.Length}); the server may corrupt uploads (set disable_chunk_encoding for S3-compatible servers)");
            }

            step = $"deleting probe object '{key}' from {where}";
            await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            written = false;
            return new ConnectionTestResult(true,
                $"wrote, read back and deleted probe object '{key}' in {where} ({(settings.AccessKeyId is null ? "default credential chain" : "access key " + MaskedKeyId(settings.AccessKeyId))}{(settings.RoleArn is null ? "" : ", role " + settings.RoleArn)})");
        }
        catch (ObjectStoreException e)
        {
            return Failed(step, Reason(e));
        }
        catch (BatonConfigurationException e)
        {
            return Failed(step, e.Message);
        }
        finally
        {
            if (written)
            {
                await DeleteQuietlyAsync(store, key).ConfigureAwait(false);
            }
        }
    }

    private static ConnectionTestResult Failed(string step, string reason) => new(false, $"{step} failed: {reason}");

    private static string Reason(ObjectStoreException e)
    {
        // The store's message starts with the operation the step already names: keep the cause after "failed: ".
        const string Marker = " failed: ";
        var at = e.Message.IndexOf(Marker, StringComparison.Ordinal);
        return at < 0 ? e.Message : e.Message[(at + Marker.Length)..].TrimEnd('.');
    }

    private static string MaskedKeyId(string keyId) => keyId.Length <= 4 ? "***" : keyId[..4] + "***";

    private static async Task DeleteQuietlyAsync(S3ObjectStore store, string key)
    {
        try
        {
            await store.DeleteAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ObjectStoreException)
        {
            // The test already failed for its own reason; a leftover probe under baton-connection-test/ is harmless.
        }
    }
}
