using System.Text;
using Baton.Connections;

namespace Baton.Storage.Azure;

/// <summary>
/// Tests <c>wasb</c> (and <c>azure_blob_storage</c>) connections: writes a small probe blob under
/// <c>baton-connection-test/</c> in the container, reads its properties, reads it back, and deletes it.
/// </summary>
/// <remarks>
/// The container is the argument, else the connection's extra <c>container_name</c> or <c>bucket_name</c>. A failed step
/// is reported with why (credentials refused, missing permission, container missing, endpoint unreachable, …); only
/// cancellation is thrown. The probe is deleted even when a later step fails.
/// </remarks>
public sealed class AzureBlobConnectionTester : IConnectionTester
{
    /// <summary>The prefix probe objects are written under.</summary>
    public const string ProbePrefix = "baton-connection-test/";

    /// <inheritdoc />
    public IReadOnlyCollection<string> ConnectionTypes => AzureBlobConnection.ConnectionTypes;

    /// <inheritdoc />
    public async Task<ConnectionTestResult> TestAsync(Connection connection, string? container, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        AzureBlobConnection azure;
        try
        {
            azure = AzureBlobConnection.Create(connection);
        }
        catch (BatonException e)
        {
            return new ConnectionTestResult(false, $"the connection's settings are not usable: {e.Message}");
        }

        container = string.IsNullOrWhiteSpace(container) ? azure.DefaultContainer : container.Trim();
        if (container is null)
        {
            return new ConnectionTestResult(false,
                "no container to test: pass one (connections test ID --bucket CONTAINER), name it in BATON__XCOM__PATH (az://ID@CONTAINER/…), " +
                "or set container_name in the connection's extra");
        }

        if (!AzureBlobLocation.IsValidContainerName(container))
        {
            return new ConnectionTestResult(false,
                $"'{container}' is not a valid container name (3-63 lower-case letters, digits and single dashes, starting and ending with a letter or digit)");
        }

        return await ProbeAsync(new AzureBlobObjectStore(azure, container), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ConnectionTestResult> ProbeAsync(AzureBlobObjectStore store, CancellationToken cancellationToken)
    {
        var azure = store.Connection;
        var where = $"container '{store.ContainerName}' of storage account '{azure.AccountName}' at {azure.ServiceUri} ({azure.Authentication})";
        var key = ProbePrefix + Guid.NewGuid().ToString("N") + ".txt";
        var content = Encoding.UTF8.GetBytes($"Baton connection test of '{azure.ConnId}'\n");
        var step = "write the probe object";
        var written = false;
        try
        {
            await store.PutAsync(key, new MemoryStream(content, writable: false), new Dictionary<string, string> { ["baton-probe"] = "1" }, cancellationToken).ConfigureAwait(false);
            written = true;

            step = "read the probe object's properties";
            var info = await store.StatAsync(key, cancellationToken).ConfigureAwait(false);
            if (info is null || info.Size != content.Length || !info.Metadata.TryGetValue("baton-probe", out var probe) || probe != "1")
            {
                return new ConnectionTestResult(false, $"could not {step} in {where}: " +
                    (info is null ? "the object written just before is missing" : "its size or metadata differ from what was written"));
            }

            step = "read the probe object back";
            using (var read = new MemoryStream())
            {
                await using (var stream = await store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false))
                {
                    await stream.CopyToAsync(read, cancellationToken).ConfigureAwait(false);
                }

                if (!read.ToArray().AsSpan().SequenceEqual(content))
                {
                    return new ConnectionTestResult(false, $"could not {step} in {where}: the bytes read differ from those written");
                }
            }

            step = "delete the probe object";
            await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            written = false;
            return new ConnectionTestResult(true, $"wrote, read back and deleted {key} in {where}");
        }
        catch (AzureBlobRequestException e)
        {
            return new ConnectionTestResult(false, $"could not {step} in {where}: {e.Reason}");
        }
        catch (ObjectStoreException e)
        {
            return new ConnectionTestResult(false, $"could not {step} in {where}: {e.Message}");
        }
        finally
        {
            if (written)
            {
                await DeleteQuietlyAsync(store, key).ConfigureAwait(false);
            }
        }
    }

    private static async Task DeleteQuietlyAsync(AzureBlobObjectStore store, string key)
    {
        try
        {
            await store.DeleteAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ObjectStoreException)
        {
            // The test already failed for a reason it reports; a probe left behind is small and under its own prefix.
        }
    }
}
