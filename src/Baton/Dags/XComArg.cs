namespace Baton.Dags;

/// <summary>A task that returns a value of type <typeparamref name="T"/>; pass it to downstream tasks to hand them that value.</summary>
/// <typeparam name="T">The type of the value.</typeparam>
public sealed class XComArg<T> : TaskHandle, IXComArg<T>
{
    internal XComArg(DagBuilder owner, DagTask task) : base(owner, task) { }

    /// <inheritdoc />
    public TaskHandle Producer => this;
}
