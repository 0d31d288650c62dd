using Baton.Runs;
using Baton.XComs;

namespace Baton.Metadata.Sql;

/// <summary>
/// Paged listings for readers that show the metadata page by page (the web server's API and UI): what
/// <see cref="IMetadataStore"/> lists whole, here with <c>LIMIT</c>/<c>OFFSET</c> and a count, on the same dialect and aspect classes.
/// </summary>
internal sealed class SqlMetadataQueries(SqlDialect dialect)
{
    private readonly SqlDagRunStore _runs = new(dialect);
    private readonly SqlXComRowStore _xcoms = new(dialect);

    /// <summary>One page of runs, newest logical date first; <paramref name="dagId"/> null for every DAG.</summary>
    public Task<ResultPage<DagRunRecord>> ListDagRunsAsync(
        string? dagId, IReadOnlyCollection<DagRunState>? states, DateTimeOffset? logicalDateFrom, DateTimeOffset? logicalDateTo, int limit, int offset,
        CancellationToken cancellationToken = default) =>
        _runs.ListPageAsync(dagId, states, logicalDateFrom, logicalDateTo, limit, offset, cancellationToken);

    /// <summary>
    /// The newest <paramref name="perDag"/> runs of each DAG, newest first, keyed by DAG id: a list of DAGs' "recent runs"
    /// in one statement per 200 DAGs instead of a paged query (and its count) per DAG.
    /// </summary>
    public Task<IReadOnlyDictionary<string, IReadOnlyList<DagRunRecord>>> ListRecentDagRunsAsync(
        IReadOnlyCollection<string> dagIds, int perDag, CancellationToken cancellationToken = default) =>
        _runs.ListRecentAsync(dagIds, perDag, cancellationToken);

    /// <summary>One page of XCom rows that match, ordered by DAG, run, task, map index and key.</summary>
    public Task<ResultPage<XComRecord>> ListXComsAsync(XComFilter filter, int limit, int offset, CancellationToken cancellationToken = default) =>
        _xcoms.ListPageAsync(filter, limit, offset, cancellationToken);
}
