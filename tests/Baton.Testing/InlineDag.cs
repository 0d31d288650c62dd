using Baton.Dags;

namespace Baton.Testing;

/// <summary>A DAG defined by a lambda, for tests.</summary>
public sealed class InlineDag(DagSpec spec, Action<DagBuilder> build) : IDagDefinition
{
    public InlineDag(string dagId, Action<DagBuilder> build) : this(new DagSpec(dagId) { RetryDelay = TimeSpan.Zero }, build) { }

    public DagSpec Spec { get; } = spec;

    public void Build(DagBuilder dag) => build(dag);
}
