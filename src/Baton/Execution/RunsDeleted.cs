using Baton.Metadata;

namespace Baton.Execution;

/// <summary>What <see cref="DagRunService.DeleteRunsBeforeAsync"/> deleted (or would delete) and what it left alone.</summary>
/// <param name="Deleted">The runs deleted with their task instances and XComs; for a dry run, those that would be.</param>
/// <param name="InUse">The runs left untouched because another live process holds them, each with its <see cref="DagRunRecord.Owner"/>.</param>
internal sealed record RunsDeleted(IReadOnlyList<DagRunRecord> Deleted, IReadOnlyList<DagRunRecord> InUse);
