namespace Baton.Dags;

/// <summary>
/// A DAG written in C#. Baton finds every non-abstract class that implements this in the assemblies it is given,
/// creates it with a parameterless constructor, and calls <see cref="Build"/> once to learn its tasks.
/// </summary>
public interface IDagDefinition
{
    /// <summary>The DAG's id, schedule, start date, catch-up and defaults.</summary>
    DagSpec Spec { get; }

    /// <summary>Declares the DAG's tasks and how data and order flow between them.</summary>
    void Build(DagBuilder dag);
}
