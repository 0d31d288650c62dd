using Dapper;

namespace Baton.Metadata.Sql;

/// <summary>
/// What the XCom rows say about storage, for the web UI's Storage page: bytes and values per DAG and kind of storage,
/// per object store, and the largest values. Sizes are the stored (compressed) sizes the rows record.
/// </summary>
internal sealed class SqlStorageStore(SqlDialect dialect) : SqlStoreBase(dialect)
{
    public Task<IReadOnlyList<StorageUse>> ByDagAsync(CancellationToken cancellationToken) => ReadAsync(async (connection, ct) =>
        (IReadOnlyList<StorageUse>)(await connection.QueryAsync<StorageUse>(new CommandDefinition(
            "SELECT dag_id AS Name, storage AS Storage, COUNT(*) AS Count, COALESCE(SUM(size), 0) AS Bytes FROM xcom GROUP BY dag_id, storage ORDER BY dag_id, storage",
            cancellationToken: ct)).ConfigureAwait(false)).ToList(), cancellationToken);

    /// <summary>Objects and bytes per store (<c>scheme://authority</c> of each object's location: a bucket with its connection, a container, the local file system).</summary>
    public Task<IReadOnlyList<StorageUse>> ByStoreAsync(CancellationToken cancellationToken) => ReadAsync(async (connection, ct) =>
    {
        var totals = new Dictionary<string, (long Count, long Bytes)>(StringComparer.Ordinal);
        // Unbuffered: one row at a time, however many objects there are.
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            "SELECT location, size FROM xcom WHERE storage = 'object' AND location IS NOT NULL", cancellationToken: ct)).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var store = StoreOf(reader.GetString(0));
            var (count, bytes) = totals.GetValueOrDefault(store);
            totals[store] = (count + 1, bytes + reader.GetInt64(1));
        }

        return (IReadOnlyList<StorageUse>)totals.OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new StorageUse { Name = t.Key, Storage = "object", Count = t.Value.Count, Bytes = t.Value.Bytes }).ToList();
    }, cancellationToken);

    public Task<IReadOnlyList<LargeValue>> LargestAsync(int limit, CancellationToken cancellationToken) => ReadAsync(async (connection, ct) =>
        (IReadOnlyList<LargeValue>)(await connection.QueryAsync<LargeValue>(new CommandDefinition(
            "SELECT dag_id AS DagId, run_id AS RunId, task_id AS TaskId, map_index AS MapIndex, key AS Key, storage AS Storage, size AS Size, location AS Location " +
            "FROM xcom ORDER BY size DESC LIMIT @limit", new { limit }, cancellationToken: ct)).ConfigureAwait(false)).ToList(), cancellationToken);

    private static string StoreOf(string location)
    {
        var scheme = location.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return "(another backend's references)";
        }

        var end = location.IndexOf('/', scheme + 3);
        var store = end < 0 ? location : location[..end];
        return store.Length == scheme + 3 ? store + "/" : store;
    }
}
