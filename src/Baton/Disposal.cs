namespace Baton;

/// <summary>Disposes an object of unknown kind: asynchronously when it can, else synchronously, else not at all.</summary>
internal static class Disposal
{
    public static async ValueTask DisposeAsync(object? instance)
    {
        switch (instance)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
