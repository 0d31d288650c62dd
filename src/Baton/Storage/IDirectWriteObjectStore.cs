namespace Baton.Storage;

/// <summary>
/// A store that can take an object's bytes as writes (push) rather than by reading a stream (pull), so the XCom pipeline
/// writes into it directly without a pipe and a second task. Optional: the pipeline falls back to
/// <see cref="IObjectStore.PutAsync"/> for stores without it.
/// </summary>
public interface IDirectWriteObjectStore
{
    /// <summary>Starts an object; nothing is visible at the key until <see cref="IObjectWriteTarget.CommitAsync"/>.</summary>
    IObjectWriteTarget BeginPut(string key, IReadOnlyDictionary<string, string> metadata);
}
