using Baton.Configuration;
using Baton.Metadata;
using Baton.Metadata.Sql;
using Baton.Storage;
using Baton.Telemetry;
using Baton.XComs.Backends;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.XComs;

/// <summary>
/// Pushes, pulls, lists and deletes XComs through the configured backend and the metadata store, in the order that keeps
/// them consistent: the value (or object) first, the row second (the commit point), purging replaced or deleted values last.
/// </summary>
/// <remarks>
/// A row is read and purged by the backend that wrote it, so switching <c>BATON__XCOM__BACKEND</c> neither strands old
/// values nor orphans their objects: rows the built-in backends wrote (inline bytes; an object at a URL a registered
/// store handles) are always read and purged the built-in way, by <see cref="ObjectStorageXComBackend"/>, which locates
/// an object by its row. A user's backend gets every row first and says a row is not its own by throwing
/// <see cref="XComUnknownFormatException"/>.
/// </remarks>
internal sealed class XComService
{
    private readonly IMetadataStore _store;
    private readonly XComBackend _backend;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<XComService> _logger;
    private readonly ObjectStoreResolver _stores;
    private readonly Lazy<XComBackend> _builtIn;

    /// <summary>Creates the service.</summary>
    public XComService(IMetadataStore store, XComBackend backend, TimeProvider timeProvider, ILogger<XComService> logger, ObjectStoreResolver stores, IServiceProvider services)
    {
        _store = store;
        _backend = backend;
        _timeProvider = timeProvider;
        _logger = logger;
        _stores = stores;
        _builtIn = new(() => backend as ObjectStorageXComBackend ?? (XComBackend)ActivatorUtilities.CreateInstance<ObjectStorageXComBackend>(services));
    }

    /// <summary>The backend in use.</summary>
    public XComBackend Backend => _backend;

    /// <summary>Stores a value under a key, replacing what was there.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="declaredType">The type the producer declares. The value is stored by its runtime type; null, whatever
    /// the declared type, is stored as JSON <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the push.</param>
    public async Task PushAsync(XComKey key, object? value, Type declaredType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(declaredType);
        using var span = XComTelemetry.Start(XComTelemetry.Push, key);
        try
        {
            // One rule for null whatever the declared type (string?, byte[]?, Stream?, DataFrame?…): it is stored as JSON null,
            // which reads back as null into any type that admits null, so no format needs to know how to store "nothing".
            var payload = await _backend.SerializeValueAsync(key, value, value?.GetType() ?? typeof(object), cancellationToken).ConfigureAwait(false);
            var record = new XComRecord { Key = key, Payload = payload, CreatedAt = _timeProvider.GetUtcNow() };
            XComRecord? previous = null;
            var committed = false;
            try
            {
                previous = await _store.SetXComAsync(record, cancellationToken).ConfigureAwait(false);
                committed = true;
            }
            finally
            {
                if (!committed && payload.Storage == XComStorage.ObjectStore)
                {
                    // The row never committed: the object just written is referenced by nothing, so remove it now.
                    await PurgeQuietlyAsync(record, CancellationToken.None).ConfigureAwait(false);
                }
            }

            if (previous is not null && !SameObject(previous, record))
            {
                await PurgeQuietlyAsync(previous, cancellationToken).ConfigureAwait(false);
            }

            XComTelemetry.Moved(span, XComTelemetry.Push, payload);
        }
        catch (Exception e)
        {
            XComTelemetry.Failed(span, e);
            throw;
        }
    }

    /// <summary>Reads a value into <typeparamref name="T"/>.</summary>
    /// <exception cref="XComNotFoundException">No value is stored under the key.</exception>
    /// <exception cref="XComTypeMismatchException">The value cannot be read as <typeparamref name="T"/>.</exception>
    public async Task<T> PullAsync<T>(XComKey key, CancellationToken cancellationToken = default) =>
        (T)(await PullAsync(key, typeof(T), cancellationToken).ConfigureAwait(false))!;

    /// <summary>Reads a value into <paramref name="targetType"/>.</summary>
    /// <exception cref="XComNotFoundException">No value is stored under the key.</exception>
    /// <exception cref="XComTypeMismatchException">The value cannot be read as <paramref name="targetType"/>.</exception>
    public async Task<object?> PullAsync(XComKey key, Type targetType, CancellationToken cancellationToken = default)
    {
        using var span = XComTelemetry.Start(XComTelemetry.Pull, key);
        try
        {
            var record = await _store.GetXComAsync(key, cancellationToken).ConfigureAwait(false)
                ?? throw new XComNotFoundException(key, $"No XCom for {key}.");
            var value = await OnWriterAsync(record, backend => backend.DeserializeValueAsync(record, targetType, cancellationToken)).ConfigureAwait(false);
            XComTelemetry.Moved(span, XComTelemetry.Pull, record.Payload);
            return value;
        }
        catch (Exception e)
        {
            XComTelemetry.Failed(span, e);
            throw;
        }
    }

    /// <summary>Reads the value of a row already fetched into <paramref name="targetType"/>.</summary>
    public async ValueTask<object?> ReadAsync(XComRecord record, Type targetType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var span = XComTelemetry.Start(XComTelemetry.Pull, record.Key);
        try
        {
            var value = await OnWriterAsync(record, backend => backend.DeserializeValueAsync(record, targetType, cancellationToken)).ConfigureAwait(false);
            XComTelemetry.Moved(span, XComTelemetry.Pull, record.Payload);
            return value;
        }
        catch (Exception e)
        {
            XComTelemetry.Failed(span, e);
            throw;
        }
    }

    /// <summary>Returns the row for a key, or null.</summary>
    public Task<XComRecord?> GetAsync(XComKey key, CancellationToken cancellationToken = default) => _store.GetXComAsync(key, cancellationToken);

    /// <summary>Returns the rows that match.</summary>
    public Task<IReadOnlyList<XComRecord>> ListAsync(XComFilter filter, CancellationToken cancellationToken = default) =>
        _store.ListXComsAsync(filter, cancellationToken);

    /// <summary>Deletes the rows that match and purges what they stored outside the database; returns how many were deleted.</summary>
    public async Task<int> DeleteAsync(XComFilter filter, CancellationToken cancellationToken = default)
    {
        var deleted = await _store.DeleteXComsAsync(filter, cancellationToken).ConfigureAwait(false);
        foreach (var record in deleted)
        {
            await PurgeQuietlyAsync(record, cancellationToken).ConfigureAwait(false);
        }

        return deleted.Count;
    }

    /// <summary>Opens a value's serialized bytes (decompressed and checked as they are read), for <c>xcom get --output</c>.</summary>
    /// <exception cref="XComNotFoundException">No value is stored under the key.</exception>
    public async Task<(XComRecord Record, Stream Bytes)> OpenSerializedAsync(XComKey key, CancellationToken cancellationToken = default)
    {
        using var span = XComTelemetry.Start(XComTelemetry.Pull, key);
        try
        {
            var record = await _store.GetXComAsync(key, cancellationToken).ConfigureAwait(false)
                ?? throw new XComNotFoundException(key, $"No XCom for {key}.");
            var bytes = await OnWriterAsync(record, backend => backend.OpenSerializedAsync(record, cancellationToken)).ConfigureAwait(false);
            XComTelemetry.Moved(span, XComTelemetry.Pull, record.Payload);
            return (record, bytes);
        }
        catch (Exception e)
        {
            XComTelemetry.Failed(span, e);
            throw;
        }
    }

    /// <summary>
    /// Deletes stored objects no XCom row references that are older than <paramref name="grace"/>; null when the backend
    /// keeps nothing outside the database.
    /// </summary>
    public async Task<SweepReport?> SweepOrphansAsync(TimeSpan grace, bool dryRun, CancellationToken cancellationToken = default)
    {
        if (_backend is not IOrphanSweeper sweeper)
        {
            return null;
        }

        // Baton's SQL stores read the locations alone; another IMetadataStore gives its rows.
        var referenced = _store is SqlMetadataStore sql
            ? await sql.ListXComLocationsAsync(cancellationToken).ConfigureAwait(false)
            : (await _store.ListXComsAsync(new XComFilter(), cancellationToken).ConfigureAwait(false))
                .Where(r => r.Payload.Location is not null).Select(r => r.Payload.Location!).ToHashSet(StringComparer.Ordinal);
        return await sweeper.SweepAsync(referenced.Contains, grace, dryRun, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A short text for listings, from the backend.</summary>
    public string Describe(XComRecord record) => _backend.DescribeValue(record);

    private static bool SameObject(XComRecord a, XComRecord b) =>
        a.Payload.Storage == XComStorage.ObjectStore && a.Payload.Location == b.Payload.Location;

    /// <summary>Runs <paramref name="action"/> on the backend that wrote <paramref name="record"/> (see the remarks on the class).</summary>
    private async ValueTask<T> OnWriterAsync<T>(XComRecord record, Func<XComBackend, ValueTask<T>> action)
    {
        if (_backend is DatabaseXComBackend or ObjectStorageXComBackend)
        {
            if (record.Payload.Storage == XComStorage.ObjectStore && !BuiltInWrote(record))
            {
                throw new XComUnknownFormatException(record.Key,
                    $"XCom {record.Key} is stored at '{record.Payload.Location}', a reference another XCom backend wrote; select that backend " +
                    "with BATON__XCOM__BACKEND to read or delete its value.");
            }

            return await action(record.Payload.Storage == XComStorage.ObjectStore ? _builtIn.Value : _backend).ConfigureAwait(false);
        }

        try
        {
            return await action(_backend).ConfigureAwait(false);
        }
        catch (XComUnknownFormatException) when (BuiltInWrote(record))
        {
            return await action(_builtIn.Value).ConfigureAwait(false);
        }
    }

    /// <summary>True when the row has the shape a built-in backend writes: inline bytes, or an object at a URL a registered store handles.</summary>
    private bool BuiltInWrote(XComRecord record) => record.Payload switch
    {
        { Storage: XComStorage.Inline, Value: not null } => true,
        { Storage: XComStorage.ObjectStore, Location: { } location } => _stores.Handles(location),
        _ => false,
    };

    private async Task PurgeQuietlyAsync(XComRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await OnWriterAsync(record, async backend =>
            {
                await backend.PurgeAsync(record, cancellationToken).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or BatonException or UnauthorizedAccessException)
        {
            // The row is gone, so the value is unreachable; what is left is an orphan the sweep removes later. The reason is
            // the message (it names the XCom and the object): an expected condition, so no stack trace on the console.
            _logger.LogWarning("Could not purge the stored value of XCom {Key} at {Location}, left in place: {Reason}",
                record.Key, record.Payload.Location, SecretText.Mask(e.Message));
        }
    }
}
