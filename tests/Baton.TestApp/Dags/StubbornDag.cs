using Baton.Dags;
using Baton.Tasks;

namespace Baton.TestApp.Dags;

/// <summary>
/// One task that ignores cancellation: it leaves the file named by the conf's <c>started</c> and then blocks its thread
/// for good, as code stuck in a call that cannot be cancelled does.
/// </summary>
public sealed class StubbornDag : IDagDefinition
{
    /// <summary>The DAG's id.</summary>
    public const string Id = "stubborn";

    /// <inheritdoc />
    public DagSpec Spec { get; } = new(Id) { RetryDelay = TimeSpan.Zero, Description = "a task that never stops" };

    /// <inheritdoc />
    public void Build(DagBuilder dag) => dag.Task("block", (TaskContext ctx) =>
    {
        File.WriteAllText(ctx.Conf?["started"]?.GetValue<string>() ?? throw new InvalidOperationException("the run's conf has no 'started'"), "started");
        using var never = new ManualResetEventSlim();
        never.Wait();
    });
}
