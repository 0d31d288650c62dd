using Microsoft.Extensions.DependencyInjection;

namespace Baton.Storage.Tests;

/// <summary>
/// One store the XCom suite runs against: the settings that point the object-storage backend at it (with a prefix of
/// its own per test), and the services its provider needs. Each store has one subclass; the suite finds them all.
/// </summary>
public abstract class StoreTarget
{
    /// <summary>The name used in test names and in <c>BATON_TEST_STORES</c> (local, s3, gcs, azure).</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Checks the store's server is up (a test that needs it fails, not skips, when it is not) and returns the
    /// environment for one test: <c>BATON__XCOM__PATH</c> with a fresh prefix, and any <c>BATON_CONN_*</c> it needs.
    /// </summary>
    public abstract Task<Dictionary<string, string>> PrepareAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Registers the store's provider (e.g. <c>services.AddBatonS3()</c>).</summary>
    public virtual void ConfigureServices(IServiceCollection services) { }

    /// <summary>
    /// The environment for a store of this kind whose server is at <paramref name="endpoint"/> instead of the emulator's (a
    /// silent server, a closed port, a pacing proxy), with one attempt per request; null for a store that sends no
    /// requests (the local one).
    /// </summary>
    public virtual Dictionary<string, string>? SettingsAt(Uri endpoint, string prefix) => null;

    /// <summary>The emulator's address (scheme, host and port), or null for a store without a server.</summary>
    public virtual Uri? Endpoint => null;

    /// <summary>
    /// The environment for a store of this kind whose bucket or container does not exist, and a server to dispose after
    /// the test when one stands in for the emulator; null for a store that has no container (the local one).
    /// </summary>
    public virtual Task<MissingContainer?> MissingContainerAsync(string prefix, CancellationToken cancellationToken) => Task.FromResult<MissingContainer?>(null);

    /// <summary>The largest value the store's server takes in one body, or null (the GCS emulator caps bodies at 130 MB).</summary>
    public virtual long? MaxObjectSize => null;

    /// <inheritdoc />
    public override string ToString() => Name;
}
