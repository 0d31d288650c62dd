using System.Text;
using Baton.Connections;

namespace Baton.Storage;

/// <summary>
/// The probe <c>connections test</c> runs on every store: write a small object under the prefix, read its properties,
/// read it back, delete it; each step worded alike on every store, and the step that failed reported with why. The
/// probe is deleted even when a later step fails.
/// </summary>
internal static class ObjectStoreProbe
{
    /// <summary>The folder, under the tested prefix, that probe objects are written to.</summary>
    public const string Folder = "baton-connection-test";

    private const string MarkerName = "baton-probe";

    /// <summary>Tests a connection through a provider; never throws for a failed check, only for cancellation.</summary>
    /// <param name="provider">Builds the store.</param>
    /// <param name="connection">The connection.</param>
    /// <param name="container">The container to probe, optionally with a prefix (<c>bucket/xcom</c>); null for the connection's own.</param>
    /// <param name="cancellationToken">Cancels the test.</param>
    public static async Task<ConnectionTestResult> TestAsync(ObjectStoreProvider provider, Connection connection, string? container, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(connection);
        var noun = provider.ContainerNoun;
        string? target;
        try
        {
            target = string.IsNullOrWhiteSpace(container) ? provider.DefaultContainer(connection) : container.Trim();
        }
        catch (BatonException e)
        {
            return new ConnectionTestResult(false, $"the connection's settings or credentials are not usable: {e.Message}");
        }

        if (target is null)
        {
            return new ConnectionTestResult(false,
                $"no {noun} to probe: pass one (connections test {connection.ConnId} --bucket {noun.ToUpperInvariant()}[/PREFIX]), point BATON__XCOM__PATH at " +
                $"{provider.Schemes.First()}://{connection.ConnId}@{noun}/prefix, or set {noun}_name in the connection's extra");
        }

        var slash = target.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? target : target[..slash];
        var prefix = slash < 0 ? "" : target[(slash + 1)..].Trim('/');
        if (provider.ContainerProblem(name) is { } problem)
        {
            return new ConnectionTestResult(false, problem);
        }

        IObjectStore store;
        try
        {
            store = await provider.CreateStoreAsync(new ObjectStoreUrl(connection.ConnId, name, prefix), connection, cancellationToken).ConfigureAwait(false);
        }
        catch (BatonException e) when (e is not ObjectStoreException)
        {
            return new ConnectionTestResult(false, $"the connection's settings or credentials are not usable: {e.Message}");
        }

        try
        {
            return await ProbeAsync(provider, store, connection.ConnId, prefix, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (store is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else if (store is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    private static async Task<ConnectionTestResult> ProbeAsync(ObjectStoreProvider provider, IObjectStore store, string connId, string prefix, CancellationToken cancellationToken)
    {
        var where = provider.DescribeStore(store);
        var hint = provider.ProbeMismatchHint is { } h ? "; " + h : "";
        var key = ObjectKeys.Combine(prefix.Length == 0 ? null : prefix, Folder, Guid.NewGuid().ToString("N") + ".txt");
        var payload = Encoding.UTF8.GetBytes($"Baton connection test of '{connId}'. Safe to delete.\n");
        var step = $"writing probe object '{key}' to {where}";
        var written = false;
        try
        {
            using (var content = new MemoryStream(payload, writable: false))
            {
                await store.PutAsync(key, content, new Dictionary<string, string> { [MarkerName] = "1" }, cancellationToken).ConfigureAwait(false);
            }

            written = true;
            step = $"reading the properties of probe object '{key}' in {where}";
            var info = await store.StatAsync(key, cancellationToken).ConfigureAwait(false);
            if (info is null)
            {
                return Failed(step, "the object was written but is not there");
            }

            if (info.Size != payload.Length || !info.Metadata.TryGetValue(MarkerName, out var marker) || marker != "1")
            {
                return Failed(step, $"the object reads back as {info.Size} bytes with metadata [{string.Join(", ", info.Metadata.Keys.Order(StringComparer.Ordinal))}], " +
                    $"not {payload.Length} bytes with {MarkerName}=1{hint}");
            }

            step = $"reading probe object '{key}' back from {where}";
            using (var read = new MemoryStream())
            {
                var stream = await store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    await stream.CopyToAsync(read, cancellationToken).ConfigureAwait(false);
                }

                if (!read.GetBuffer().AsSpan(0, (int)read.Length).SequenceEqual(payload))
                {
                    return Failed(step, $"the bytes read back differ from those written ({read.Length} bytes instead of {payload.Length}){hint}");
                }
            }

            step = $"deleting probe object '{key}' from {where}";
            await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            written = false;
            return new ConnectionTestResult(true, $"wrote, read back and deleted probe object '{key}' in {where}");
        }
        catch (ObjectStoreException e)
        {
            return Failed(step, e.Reason);
        }
        finally
        {
            if (written)
            {
                await DeleteQuietlyAsync(store, key).ConfigureAwait(false);
            }
        }
    }

    private static ConnectionTestResult Failed(string step, string reason) => new(false, $"{step} failed: {reason.TrimEnd('.')}");

    private static async Task DeleteQuietlyAsync(IObjectStore store, string key)
    {
        try
        {
            await store.DeleteAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ObjectStoreException)
        {
            // The test already failed for a reason it reports; a probe left under its own folder is small and harmless.
        }
    }
}
