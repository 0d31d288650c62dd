namespace Baton.Storage;

/// <summary>An object being written: write its bytes to <see cref="Content"/>, then commit; disposing without committing leaves nothing.</summary>
public interface IObjectWriteTarget : IAsyncDisposable
{
    /// <summary>Where the object's bytes are written.</summary>
    Stream Content { get; }

    /// <summary>Makes the object visible at its key (atomically where the store can).</summary>
    Task CommitAsync(CancellationToken cancellationToken = default);
}
