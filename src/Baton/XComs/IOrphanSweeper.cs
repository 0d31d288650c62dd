namespace Baton.XComs;

/// <summary>A backend that keeps values outside the database and can find and delete those no row references.</summary>
public interface IOrphanSweeper
{
    /// <summary>Deletes stored values no row references that are older than <paramref name="grace"/>.</summary>
    /// <param name="isReferenced">Tells whether a location is referenced by an XCom row.</param>
    /// <param name="grace">Objects younger than this are kept (a push may be between its object and its row).</param>
    /// <param name="dryRun">Report only.</param>
    /// <param name="cancellationToken">Cancels the sweep.</param>
    Task<SweepReport> SweepAsync(Func<string, bool> isReferenced, TimeSpan grace, bool dryRun, CancellationToken cancellationToken = default);
}
