namespace Baton.Dags;

/// <summary>One argument of a task, taken from an upstream task's return value.</summary>
/// <param name="Upstream">The task whose return value is passed.</param>
/// <param name="DeclaredType">The type the task declares for the argument; the value is read into this type.</param>
/// <param name="MapOver">True when the task is mapped over this input: each instance gets one element (of type <paramref name="DeclaredType"/>).</param>
internal sealed record TaskInput(DagTask Upstream, Type DeclaredType, bool MapOver);
