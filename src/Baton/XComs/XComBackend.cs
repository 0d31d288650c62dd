namespace Baton.XComs;

/// <summary>
/// Decides how XCom values are stored and read back, as Airflow's <c>BaseXCom</c>. Baton owns the flow (row as commit
/// point, purge after replace or delete, clearing at each try); a backend overrides these four steps.
/// </summary>
/// <remarks>
/// Select a backend with <c>BATON__XCOM__BACKEND</c>: <c>database</c> or the assembly-qualified name of a subclass, which
/// the host constructs with dependency injection. Implementations must be thread-safe.
/// </remarks>
public abstract class XComBackend
{
    /// <summary>Serializes a value into what the XCom row keeps: inline bytes, or the location of an object written first.</summary>
    /// <param name="key">The XCom being pushed.</param>
    /// <param name="value">The value.</param>
    /// <param name="valueType">The type to serialize the value as (its runtime type; <see cref="object"/> for null, which is stored as JSON null).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="XComSerializationException">The value cannot be serialized.</exception>
    /// <exception cref="XComTooLargeException">The value is too large for where it would go.</exception>
    public abstract ValueTask<XComPayload> SerializeValueAsync(XComKey key, object? value, Type valueType, CancellationToken cancellationToken = default);

    /// <summary>Reads a stored value into <paramref name="targetType"/>, the type the consumer declares.</summary>
    /// <exception cref="XComTypeMismatchException">The value cannot be read as <paramref name="targetType"/>.</exception>
    /// <exception cref="XComNotFoundException">The row names an object that does not exist.</exception>
    public abstract ValueTask<object?> DeserializeValueAsync(XComRecord record, Type targetType, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes what the backend stored outside the row (an object), after the row was deleted or replaced. The default does
    /// nothing, which is right for values kept inline.
    /// </summary>
    public virtual ValueTask PurgeAsync(XComRecord record, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <summary>
    /// Opens the value's serialized bytes (decompressed, checked) as stored by this backend, for <c>xcom get</c>. The
    /// default reads the value as JSON through <see cref="DeserializeValueAsync"/> and returns that JSON's bytes, so a
    /// user's backend works with the CLI without overriding this.
    /// </summary>
    public virtual async ValueTask<Stream> OpenSerializedAsync(XComRecord record, CancellationToken cancellationToken = default)
    {
        var value = await DeserializeValueAsync(record, typeof(System.Text.Json.JsonElement), cancellationToken).ConfigureAwait(false);
        return new MemoryStream(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value));
    }

    /// <summary>A short text for listings (<c>xcom list</c>) that must not fetch the value (Airflow's <c>orm_deserialize_value</c>).</summary>
    public virtual string DescribeValue(XComRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var payload = record.Payload;
        var compression = payload.Compression == "none" ? "" : $", {payload.Compression}";
        return payload.Storage == XComStorage.ObjectStore
            ? $"<{payload.Format}{compression}, {payload.Size} bytes at {payload.Location}>"
            : $"<{payload.Format}{compression}, {payload.Size} bytes>";
    }
}
