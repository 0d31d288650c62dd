namespace Baton.XComs;

/// <summary>What an orphan sweep found and did.</summary>
/// <param name="Scanned">Objects listed under the prefix (manifests not counted).</param>
/// <param name="Referenced">Objects an XCom row points at.</param>
/// <param name="Deleted">Unreferenced objects of this installation older than the grace period, deleted (or, in a dry run, to be deleted).</param>
/// <param name="TooYoung">Unreferenced objects kept because they are younger than the grace period (perhaps being written now).</param>
/// <param name="DryRun">True when nothing was deleted.</param>
public sealed record SweepReport(int Scanned, int Referenced, IReadOnlyList<string> Deleted, IReadOnlyList<string> TooYoung, bool DryRun)
{
    /// <summary>
    /// What is under the prefix that this installation did not write or cannot prove it wrote (a user's files, another
    /// installation's objects, symbolic links, objects written before ownership tags): never touched.
    /// </summary>
    public IReadOnlyList<string> Foreign { get; init; } = [];

    /// <summary>This installation's incomplete uploads (temporary files, multipart uploads, uncommitted blocks) older than the grace period, aborted (or to be, in a dry run).</summary>
    public IReadOnlyList<string> IncompleteUploadsAborted { get; init; } = [];

    /// <summary>This installation's incomplete uploads kept because they were active within the grace period.</summary>
    public IReadOnlyList<string> IncompleteUploadsTooYoung { get; init; } = [];

    /// <summary>What the sweep could not do, and why (e.g. a store that cannot list incomplete uploads).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
