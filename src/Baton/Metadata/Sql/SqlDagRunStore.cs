using System.Data.Common;
using Baton.Runs;
using Dapper;

namespace Baton.Metadata.Sql;

/// <summary>The <c>dag_run</c> table: runs, their states and times, and the process holding each (the claim).</summary>
internal sealed class SqlDagRunStore(SqlDialect dialect) : SqlStoreBase(dialect)
{
    private const string Columns =
        "dag_id AS DagId, run_id AS RunId, run_type AS RunType, logical_date AS LogicalDate, data_interval_start AS DataIntervalStart, " +
        "data_interval_end AS DataIntervalEnd, state AS State, conf AS Conf, queued_at AS QueuedAt, start_date AS StartDate, end_date AS EndDate, " +
        "owner_token AS OwnerToken, owner_pid AS OwnerPid, owner_hostname AS OwnerHostname, owned_since AS OwnedSince";

    private const string Select = "SELECT " + Columns + " FROM dag_run";

    /// <summary>DAGs per statement of <see cref="ListRecentAsync"/>: well under SQLite's 500 terms of a compound SELECT.</summary>
    private const int RecentDagsPerStatement = 200;

    private const string ByKey = " WHERE dag_id = @dagId AND run_id = @runId";

    public Task CreateAsync(DagRunRecord run, IReadOnlyList<TaskInstanceRecord> taskInstances, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(taskInstances);
        return TransactAsync(async (connection, transaction, ct) =>
        {
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO dag_run (dag_id, run_id, run_type, logical_date, data_interval_start, data_interval_end, state, conf, queued_at, start_date, end_date,
                        owner_token, owner_pid, owner_hostname, owned_since)
                    VALUES (@DagId, @RunId, @RunType, @LogicalDate, @DataIntervalStart, @DataIntervalEnd, @State, @Conf, @QueuedAt, @StartDate, @EndDate,
                        @OwnerToken, @OwnerPid, @OwnerHostname, @OwnedSince)
                    """,
                    DagRunRow.From(run), transaction, cancellationToken: ct)).ConfigureAwait(false);
            }
            catch (DbException e) when (Dialect.Classify(e) == MetadataFailureKind.UniqueViolation)
            {
                throw new DagRunExistsException(run.DagId, run.RunId);
            }

            return await connection.ExecuteAsync(new CommandDefinition(
                TaskInstanceRow.InsertSql, taskInstances.Select(TaskInstanceRow.From), transaction, cancellationToken: ct)).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<DagRunRecord?> GetAsync(string dagId, string runId, CancellationToken cancellationToken) => ReadAsync(async (connection, ct) =>
    {
        var row = await connection.QuerySingleOrDefaultAsync<DagRunRow>(new CommandDefinition(
            Select + ByKey, new { dagId, runId }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToRecord();
    }, cancellationToken);

    public Task<IReadOnlyList<DagRunRecord>> ListAsync(string? dagId, IReadOnlyCollection<DagRunState>? states, CancellationToken cancellationToken)
    {
        var stateNames = states?.Select(StateNames.Of).ToArray();
        var terms = new List<string>(2);
        if (dagId is not null)
        {
            terms.Add("dag_id = @dagId");
        }

        if (stateNames is not null)
        {
            terms.Add("state IN @stateNames");
        }

        return QueryAsync($"{Select}{Where(terms)} ORDER BY logical_date DESC, id DESC", new { dagId, stateNames }, cancellationToken);
    }

    /// <summary>
    /// One page of runs, newest logical date first (ties: newest created first), with how many runs match; a null
    /// <paramref name="dagId"/> means every DAG, an empty or null <paramref name="states"/> every state.
    /// </summary>
    public Task<ResultPage<DagRunRecord>> ListPageAsync(
        string? dagId, IReadOnlyCollection<DagRunState>? states, DateTimeOffset? logicalDateFrom, DateTimeOffset? logicalDateTo, int limit, int offset,
        CancellationToken cancellationToken)
    {
        var stateNames = states is { Count: > 0 } ? states.Select(StateNames.Of).ToArray() : null;
        var terms = new List<string>(4);
        if (dagId is not null)
        {
            terms.Add("dag_id = @dagId");
        }

        if (stateNames is not null)
        {
            terms.Add("state IN @stateNames");
        }

        if (logicalDateFrom is not null)
        {
            terms.Add("logical_date >= @from");
        }

        if (logicalDateTo is not null)
        {
            terms.Add("logical_date <= @to");
        }

        var parameters = new { dagId, stateNames, from = DbTime.ToText(logicalDateFrom), to = DbTime.ToText(logicalDateTo), limit, offset };
        return ReadAsync(async (connection, ct) =>
        {
            var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT COUNT(*) FROM dag_run{Where(terms)}", parameters, cancellationToken: ct)).ConfigureAwait(false);
            var rows = await connection.QueryAsync<DagRunRow>(new CommandDefinition(
                $"{Select}{Where(terms)} ORDER BY logical_date DESC, id DESC LIMIT @limit OFFSET @offset", parameters, cancellationToken: ct)).ConfigureAwait(false);
            return new ResultPage<DagRunRecord>(rows.Select(r => r.ToRecord()).ToList(), total);
        }, cancellationToken);
    }

    /// <summary>
    /// The newest <paramref name="perDag"/> runs of each DAG of <paramref name="dagIds"/>, newest first (ties: newest
    /// created first), keyed by DAG id (a DAG without runs has an empty list): what a list of DAGs shows per row, in one
    /// statement per 200 DAGs, each DAG's part read from its <c>(dag_id, logical_date)</c> index and stopped after its limit.
    /// </summary>
    public Task<IReadOnlyDictionary<string, IReadOnlyList<DagRunRecord>>> ListRecentAsync(IReadOnlyCollection<string> dagIds, int perDag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dagIds);
        ArgumentOutOfRangeException.ThrowIfNegative(perDag);
        return ReadAsync(async (connection, ct) =>
        {
            var found = new List<DagRunRow>();
            foreach (var chunk in dagIds.Distinct(StringComparer.Ordinal).Chunk(RecentDagsPerStatement))
            {
                var parameters = new DynamicParameters();
                parameters.Add("perDag", perDag);
                var parts = new List<string>(chunk.Length);
                for (var i = 0; i < chunk.Length; i++)
                {
                    parameters.Add($"d{i}", chunk[i]);
                    parts.Add($"SELECT * FROM (SELECT {Columns}, id AS Id FROM dag_run WHERE dag_id = @d{i} ORDER BY logical_date DESC, id DESC LIMIT @perDag) AS r{i}");
                }

                found.AddRange(await connection.QueryAsync<DagRunRow>(new CommandDefinition(
                    string.Join(" UNION ALL ", parts), parameters, cancellationToken: ct)).ConfigureAwait(false));
            }

            var byDag = found.GroupBy(r => r.DagId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.LogicalDate, StringComparer.Ordinal).ThenByDescending(r => r.Id).Select(r => r.ToRecord()).ToList());
            return (IReadOnlyDictionary<string, IReadOnlyList<DagRunRecord>>)dagIds.Distinct(StringComparer.Ordinal).ToDictionary(
                d => d, d => (IReadOnlyList<DagRunRecord>)(byDag.TryGetValue(d, out var runs) ? runs : []), StringComparer.Ordinal);
        }, cancellationToken);
    }

    public Task<DagRunRecord?> GetLatestScheduledAsync(string dagId, CancellationToken cancellationToken) => ReadAsync(async (connection, ct) =>
    {
        var row = await connection.QueryFirstOrDefaultAsync<DagRunRow>(new CommandDefinition(
            Select + " WHERE dag_id = @dagId AND run_type IN ('scheduled', 'backfill') ORDER BY logical_date DESC LIMIT 1",
            new { dagId }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToRecord();
    }, cancellationToken);

    public Task<IReadOnlyList<DagRunRecord>> FindByLogicalDateAsync(string dagId, DateTimeOffset logicalDate, CancellationToken cancellationToken) =>
        QueryAsync(Select + " WHERE dag_id = @dagId AND logical_date = @logicalDate ORDER BY id",
            new { dagId, logicalDate = DbTime.ToText(logicalDate) }, cancellationToken);

    public Task<IReadOnlyList<DagRunRecord>> ListBeforeAsync(DateTimeOffset logicalDateBefore, string? dagId, CancellationToken cancellationToken) =>
        QueryAsync(
            $"{Select} WHERE logical_date < @before{(dagId is null ? "" : " AND dag_id = @dagId")} ORDER BY logical_date",
            new { before = DbTime.ToText(logicalDateBefore), dagId }, cancellationToken);

    public Task UpdateAsync(DagRunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return WriteAsync((connection, ct) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE dag_run SET state = @State, start_date = @StartDate, end_date = @EndDate, conf = @Conf WHERE dag_id = @DagId AND run_id = @RunId",
            DagRunRow.From(run), cancellationToken: ct)), cancellationToken);
    }

    public Task<DagRunRecord?> ClaimAsync(string dagId, string runId, DagRunOwner owner, string? replacing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return TransactAsync(async (connection, transaction, ct) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                Dialect.ClaimDagRunSql,
                new { dagId, runId, owner.Token, owner.Pid, owner.Hostname, Since = DbTime.ToText(owner.Since), replacing }, transaction,
                cancellationToken: ct)).ConfigureAwait(false);
            // Read in the same transaction: the claimant that lost sees the winner, not a row from before the race.
            var row = await connection.QuerySingleOrDefaultAsync<DagRunRow>(new CommandDefinition(
                Select + ByKey, new { dagId, runId }, transaction, cancellationToken: ct)).ConfigureAwait(false);
            return row?.ToRecord();
        }, cancellationToken);
    }

    public async Task<bool> ReleaseAsync(string dagId, string runId, string ownerToken, CancellationToken cancellationToken) =>
        await WriteAsync((connection, ct) => connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE dag_run SET owner_token = NULL, owner_pid = NULL, owner_hostname = NULL, owned_since = NULL
            WHERE dag_id = @dagId AND run_id = @runId AND owner_token = @ownerToken
            """,
            new { dagId, runId, ownerToken }, cancellationToken: ct)), cancellationToken).ConfigureAwait(false) > 0;

    /// <remarks>The run's task instances go with it (<c>ON DELETE CASCADE</c> in every dialect's schema).</remarks>
    public async Task<bool> DeleteAsync(string dagId, string runId, string ownerToken, CancellationToken cancellationToken) =>
        await WriteAsync((connection, ct) => connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM dag_run" + ByKey + " AND owner_token = @ownerToken",
            new { dagId, runId, ownerToken }, cancellationToken: ct)), cancellationToken).ConfigureAwait(false) > 0;

    private Task<IReadOnlyList<DagRunRecord>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken) => ReadAsync(async (connection, ct) =>
    {
        var rows = await connection.QueryAsync<DagRunRow>(new CommandDefinition(sql, parameters, cancellationToken: ct)).ConfigureAwait(false);
        return (IReadOnlyList<DagRunRecord>)rows.Select(r => r.ToRecord()).ToList();
    }, cancellationToken);

    private static string Where(List<string> terms) => terms.Count == 0 ? "" : " WHERE " + string.Join(" AND ", terms);

    private sealed class DagRunRow
    {
        /// <summary>The row's id, read only where ties of logical date are ordered in memory (<see cref="ListRecentAsync"/>).</summary>
        public long Id { get; set; }
        public string DagId { get; set; } = "";
        public string RunId { get; set; } = "";
        public string RunType { get; set; } = "";
        public string LogicalDate { get; set; } = "";
        public string DataIntervalStart { get; set; } = "";
        public string DataIntervalEnd { get; set; } = "";
        public string State { get; set; } = "";
        public string? Conf { get; set; }
        public string QueuedAt { get; set; } = "";
        public string? StartDate { get; set; }
        public string? EndDate { get; set; }
        public string? OwnerToken { get; set; }
        public long? OwnerPid { get; set; }
        public string? OwnerHostname { get; set; }
        public string? OwnedSince { get; set; }

        public static DagRunRow From(DagRunRecord r) => new()
        {
            DagId = r.DagId, RunId = r.RunId, RunType = StateNames.Of(r.RunType), LogicalDate = DbTime.ToText(r.LogicalDate),
            DataIntervalStart = DbTime.ToText(r.DataIntervalStart), DataIntervalEnd = DbTime.ToText(r.DataIntervalEnd),
            State = StateNames.Of(r.State), Conf = r.Conf, QueuedAt = DbTime.ToText(r.QueuedAt),
            StartDate = DbTime.ToText(r.StartDate), EndDate = DbTime.ToText(r.EndDate),
            OwnerToken = r.Owner?.Token, OwnerPid = r.Owner?.Pid, OwnerHostname = r.Owner?.Hostname, OwnedSince = DbTime.ToText(r.Owner?.Since),
        };

        public DagRunRecord ToRecord() => new()
        {
            DagId = DagId, RunId = RunId, RunType = StateNames.ParseDagRunType(RunType), LogicalDate = DbTime.Parse(LogicalDate),
            DataIntervalStart = DbTime.Parse(DataIntervalStart), DataIntervalEnd = DbTime.Parse(DataIntervalEnd),
            State = StateNames.ParseDagRunState(State), Conf = Conf, QueuedAt = DbTime.Parse(QueuedAt),
            StartDate = DbTime.ParseOrNull(StartDate), EndDate = DbTime.ParseOrNull(EndDate),
            Owner = OwnerToken is null ? null : new DagRunOwner(OwnerToken, (int)(OwnerPid ?? 0), OwnerHostname ?? "", DbTime.ParseOrNull(OwnedSince) ?? default),
        };
    }
}
