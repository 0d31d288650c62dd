using Baton.XComs;
using Dapper;

namespace Baton.Metadata.Sql;

/// <summary>
/// The <c>xcom</c> table: one row per XCom, holding the value inline or naming its object. No foreign key to runs on
/// purpose: rows are deleted through the XCom service, so stored objects are purged with them.
/// </summary>
internal sealed class SqlXComRowStore(SqlDialect dialect) : SqlStoreBase(dialect)
{
    private const string Columns =
        "dag_id AS DagId, run_id AS RunId, task_id AS TaskId, map_index AS MapIndex, key AS Key, storage AS Storage, value AS Value, " +
        "location AS Location, format AS Format, compression AS Compression, size AS Size, checksum AS Checksum, created_at AS CreatedAt";

    private const string KeyPredicate = "dag_id = @DagId AND run_id = @RunId AND task_id = @TaskId AND map_index = @MapIndex AND key = @Key";

    private readonly string _selectForReplace = $"SELECT {Columns} FROM xcom WHERE {KeyPredicate}{dialect.ForUpdateClause}";

    public Task<XComRecord?> SetAsync(XComRecord xcom, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(xcom);
        return TransactAsync(async (connection, transaction, ct) =>
        {
            var previous = await connection.QuerySingleOrDefaultAsync<XComRow>(new CommandDefinition(
                _selectForReplace, XComRow.KeyOf(xcom.Key), transaction, cancellationToken: ct)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO xcom (dag_id, run_id, task_id, map_index, key, storage, value, location, format, compression, size, checksum, created_at)
                VALUES (@DagId, @RunId, @TaskId, @MapIndex, @Key, @Storage, @Value, @Location, @Format, @Compression, @Size, @Checksum, @CreatedAt)
                ON CONFLICT (dag_id, run_id, task_id, map_index, key) DO UPDATE SET storage = excluded.storage, value = excluded.value,
                    location = excluded.location, format = excluded.format, compression = excluded.compression, size = excluded.size,
                    checksum = excluded.checksum, created_at = excluded.created_at
                """,
                XComRow.From(xcom), transaction, cancellationToken: ct)).ConfigureAwait(false);
            return previous?.ToRecord();
        }, cancellationToken);
    }

    public Task<XComRecord?> GetAsync(XComKey key, CancellationToken cancellationToken) => ReadAsync(async (connection, ct) =>
    {
        var row = await connection.QuerySingleOrDefaultAsync<XComRow>(new CommandDefinition(
            $"SELECT {Columns} FROM xcom WHERE {KeyPredicate}", XComRow.KeyOf(key), cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToRecord();
    }, cancellationToken);

    public Task<IReadOnlyList<XComRecord>> ListAsync(XComFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return ReadAsync(async (connection, ct) =>
        {
            var rows = await connection.QueryAsync<XComRow>(new CommandDefinition(
                $"SELECT {Columns} FROM xcom WHERE {FilterPredicate(filter)} ORDER BY dag_id, run_id, task_id, map_index, key",
                FilterParameters(filter), cancellationToken: ct)).ConfigureAwait(false);
            return (IReadOnlyList<XComRecord>)rows.Select(r => r.ToRecord()).ToList();
        }, cancellationToken);
    }

    /// <summary>
    /// Every location an XCom row references (the orphan sweep's "still referenced" set), read one at a time from the
    /// partial index of rows with a location: not the rows and their values, which at a million XComs took gigabytes.
    /// </summary>
    public Task<HashSet<string>> ListLocationsAsync(CancellationToken cancellationToken) => ReadAsync(async (connection, ct) =>
    {
        var locations = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            "SELECT location FROM xcom WHERE location IS NOT NULL", cancellationToken: ct)).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            locations.Add(reader.GetString(0));
        }

        return locations;
    }, cancellationToken);

    /// <summary>One page of the rows that match, in the order of <see cref="ListAsync"/>, with how many match.</summary>
    public Task<ResultPage<XComRecord>> ListPageAsync(XComFilter filter, int limit, int offset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return ReadAsync(async (connection, ct) =>
        {
            var parameters = new DynamicParameters(FilterParameters(filter));
            parameters.Add("limit", limit);
            parameters.Add("offset", offset);
            var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT COUNT(*) FROM xcom WHERE {FilterPredicate(filter)}", parameters, cancellationToken: ct)).ConfigureAwait(false);
            var rows = await connection.QueryAsync<XComRow>(new CommandDefinition(
                $"SELECT {Columns} FROM xcom WHERE {FilterPredicate(filter)} ORDER BY dag_id, run_id, task_id, map_index, key LIMIT @limit OFFSET @offset",
                parameters, cancellationToken: ct)).ConfigureAwait(false);
            return new ResultPage<XComRecord>(rows.Select(r => r.ToRecord()).ToList(), total);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<XComRecord>> DeleteAsync(XComFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return WriteAsync(async (connection, ct) =>
        {
            var rows = await connection.QueryAsync<XComRow>(new CommandDefinition(
                $"DELETE FROM xcom WHERE {FilterPredicate(filter)} RETURNING {Columns}",
                FilterParameters(filter), cancellationToken: ct)).ConfigureAwait(false);
            return (IReadOnlyList<XComRecord>)rows.Select(r => r.ToRecord()).ToList();
        }, cancellationToken);
    }

    /// <summary>
    /// The condition for the fields the filter sets, and only those: SQLite cannot use the key's index for a
    /// <c>(@X IS NULL OR x = @X)</c> term, so that form scanned the whole table at every try's start.
    /// </summary>
    private static string FilterPredicate(XComFilter filter)
    {
        var terms = new List<string>(6);
        if (filter.DagId is not null)
        {
            terms.Add("dag_id = @DagId");
        }

        if (filter.RunId is not null)
        {
            terms.Add("run_id = @RunId");
        }

        if (filter.TaskId is not null)
        {
            terms.Add("task_id = @TaskId");
        }

        if (filter.MapIndex is not null)
        {
            terms.Add("map_index = @MapIndex");
        }

        if (filter.Key is not null)
        {
            terms.Add("key = @Key");
        }

        if (filter.CreatedBefore is not null)
        {
            terms.Add("created_at < @CreatedBefore");
        }

        return terms.Count == 0 ? "1 = 1" : string.Join(" AND ", terms);
    }

    private static object FilterParameters(XComFilter filter) => new
    {
        filter.DagId, filter.RunId, filter.TaskId, filter.MapIndex, filter.Key, CreatedBefore = DbTime.ToText(filter.CreatedBefore),
    };

    private sealed class XComRow
    {
        public string DagId { get; set; } = "";
        public string RunId { get; set; } = "";
        public string TaskId { get; set; } = "";
        public long MapIndex { get; set; }
        public string Key { get; set; } = "";
        public string Storage { get; set; } = "";
        public byte[]? Value { get; set; }
        public string? Location { get; set; }
        public string Format { get; set; } = "";
        public string Compression { get; set; } = "";
        public long Size { get; set; }
        public string? Checksum { get; set; }
        public string CreatedAt { get; set; } = "";

        public static object KeyOf(XComKey k) => new { k.DagId, k.RunId, k.TaskId, k.MapIndex, k.Key };

        public static XComRow From(XComRecord r) => new()
        {
            DagId = r.Key.DagId, RunId = r.Key.RunId, TaskId = r.Key.TaskId, MapIndex = r.Key.MapIndex, Key = r.Key.Key,
            Storage = r.Payload.Storage == XComStorage.Inline ? "inline" : "object", Value = r.Payload.Value, Location = r.Payload.Location,
            Format = r.Payload.Format, Compression = r.Payload.Compression, Size = r.Payload.Size, Checksum = r.Payload.Checksum,
            CreatedAt = DbTime.ToText(r.CreatedAt),
        };

        public XComRecord ToRecord() => new()
        {
            Key = new XComKey(DagId, RunId, TaskId, (int)MapIndex, Key),
            Payload = new XComPayload
            {
                Storage = Storage == "inline" ? XComStorage.Inline : XComStorage.ObjectStore, Value = Value, Location = Location,
                Format = Format, Compression = Compression, Size = Size, Checksum = Checksum,
            },
            CreatedAt = DbTime.Parse(CreatedAt),
        };
    }
}
