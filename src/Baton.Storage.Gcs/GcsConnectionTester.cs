using System.Globalization;
using System.Text;
using Baton.Connections;
using Google.Cloud.Storage.V1;

namespace Baton.Storage.Gcs;

/// <summary>
/// Tests a <c>google_cloud_platform</c> connection: writes a small probe object under <c>baton-connection-test/</c> in
/// the bucket, reads its metadata, reads it back and deletes it, and says which step failed and why.
/// </summary>
internal sealed class GcsConnectionTester : IConnectionTester
{
    /// <summary>The prefix the probe objects go under.</summary>
    public const string ProbePrefix = "baton-connection-test/";

    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the tester.</summary>
    public GcsConnectionTester(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> ConnectionTypes => GcsConnectionSettings.ConnectionTypes;

    /// <inheritdoc />
    public async Task<ConnectionTestResult> TestAsync(Connection connection, string? container, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        GcsConnectionSettings settings;
        StorageClient client;
        try
        {
            settings = GcsConnectionSettings.FromConnection(connection);
            client = await GcsClientFactory.CreateAsync(settings, cancellationToken).ConfigureAwait(false);
        }
        catch (BatonException e)
        {
            return new ConnectionTestResult(false, $"The connection's settings or credentials could not be used: {e.Message}");
        }

        using (client)
        {
            var bucket = string.IsNullOrWhiteSpace(container) ? settings.DefaultBucket : container.Trim();
            if (bucket is null)
            {
                return new ConnectionTestResult(false,
                    $"No bucket to test {settings}: pass --bucket, point BATON__XCOM__PATH at gs://{connection.ConnId}@<bucket>/…, or set bucket_name in the connection's extra.");
            }

            if (GcsStoreUrl.BucketProblem(bucket) is { } problem)
            {
                return new ConnectionTestResult(false, $"Cannot test {settings}: {problem}.");
            }

            var store = new GcsObjectStore(client, settings, bucket);
            var key = ProbePrefix + _timeProvider.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N");
            var probe = Encoding.UTF8.GetBytes($"Baton connection test of '{connection.ConnId}'");
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["baton-probe"] = "1" };
            var step = $"1/4 writing probe object '{key}'";
            try
            {
                using (var content = new MemoryStream(probe, writable: false))
                {
                    await store.PutAsync(key, content, metadata, cancellationToken).ConfigureAwait(false);
                }

                step = $"2/4 reading the metadata of '{key}'";
                var info = await store.StatAsync(key, cancellationToken).ConfigureAwait(false);
                if (info is null || info.Size != probe.Length || !info.Metadata.TryGetValue("baton-probe", out var marker) || marker != "1")
                {
                    await TryDeleteAsync(store, key).ConfigureAwait(false);
                    return Failed(settings, bucket, step, info is null ? "the object just written is not there" : "its size or metadata differ from what was written");
                }

                step = $"3/4 reading back '{key}'";
                using (var read = new MemoryStream())
                {
                    await using (var stream = await store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false))
                    {
                        await stream.CopyToAsync(read, cancellationToken).ConfigureAwait(false);
                    }

                    if (!read.ToArray().AsSpan().SequenceEqual(probe))
                    {
                        await TryDeleteAsync(store, key).ConfigureAwait(false);
                        return Failed(settings, bucket, step, "the bytes read back differ from those written");
                    }
                }

                step = $"4/4 deleting '{key}'";
                await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectStoreException e)
            {
                return Failed(settings, bucket, step, e.Message);
            }

            return new ConnectionTestResult(true,
                $"wrote, read the metadata of, read back and deleted a probe object under {ProbePrefix} in bucket '{bucket}' through {settings}.");
        }
    }

    private static ConnectionTestResult Failed(GcsConnectionSettings settings, string bucket, string step, string why) =>
        new(false, $"step {step} in bucket '{bucket}' through {settings} failed: {why}");

    private static async Task TryDeleteAsync(GcsObjectStore store, string key)
    {
        try
        {
            await store.DeleteAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ObjectStoreException)
        {
            // The check already failed; that is what the result reports.
        }
    }
}
