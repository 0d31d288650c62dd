using Baton.Metadata;

namespace Baton.Execution;

/// <summary>What a clear reset.</summary>
/// <param name="Runs">Runs set back to queued.</param>
/// <param name="TaskInstances">Task instances reset to none.</param>
/// <param name="XComs">XComs deleted (their stored objects purged).</param>
internal sealed record ClearResult(int Runs, int TaskInstances, int XComs)
{
    /// <summary>Runs left untouched because another live process holds them, each with its <see cref="DagRunRecord.Owner"/>.</summary>
    public IReadOnlyList<DagRunRecord> InUse { get; init; } = [];
}
