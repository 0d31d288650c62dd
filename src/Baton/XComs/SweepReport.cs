namespace Baton.XComs;

/// <summary>What an orphan sweep found and did.</summary>
/// <param name="Scanned">Objects listed under the prefix (manifests not counted).</param>
/// <param name="Referenced">Objects an XCom row points at.</param>
/// <param name="Deleted">Unreferenced objects older than the grace period, deleted (or, in a dry run, to be deleted).</param>
/// <param name="TooYoung">Unreferenced objects kept because they are younger than the grace period (perhaps being written now).</param>
/// <param name="DryRun">True when nothing was deleted.</param>
public sealed record SweepReport(int Scanned, int Referenced, IReadOnlyList<string> Deleted, IReadOnlyList<string> TooYoung, bool DryRun);
