namespace Baton.Dags;

/// <summary>
/// The typed result of a task, to pass to downstream tasks. Covariant, so a task returning <c>List&lt;int&gt;</c> can feed
/// one that takes <c>IEnumerable&lt;int&gt;</c>.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
public interface IXComArg<out T>
{
    /// <summary>The task that produces the value.</summary>
    TaskHandle Producer { get; }
}
