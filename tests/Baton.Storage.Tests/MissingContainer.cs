namespace Baton.Storage.Tests;

/// <summary>A store whose bucket or container does not exist (see <see cref="StoreTarget.MissingContainerAsync"/>).</summary>
/// <param name="Settings">The environment that points the object-storage backend at it.</param>
/// <param name="Container">The missing bucket or container.</param>
/// <param name="Server">A server standing in for the emulator, disposed after the test; null when the emulator serves it.</param>
public sealed record MissingContainer(Dictionary<string, string> Settings, string Container, IAsyncDisposable? Server) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
