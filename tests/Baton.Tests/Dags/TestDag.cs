using Baton.Dags;

namespace Baton.Tests.Dags;

/// <summary>A DAG defined inline by a test: its spec and the body of its Build method.</summary>
internal sealed class TestDag(DagSpec spec, Action<DagBuilder> build) : IDagDefinition
{
    public DagSpec Spec { get; } = spec;

    public void Build(DagBuilder dag) => build(dag);

    /// <summary>A DAG with one task that does nothing.</summary>
    public static TestDag OneTask(DagSpec spec) => new(spec, dag => dag.Task("only", () => { }));
}
