using Baton.Configuration;
using Microsoft.Extensions.Options;

namespace Baton.Execution;

/// <summary>Runs task instances on the thread pool of this process, at most <see cref="CoreOptions.Parallelism"/> at once.</summary>
internal sealed class LocalExecutor : IDisposable
{
    private readonly SemaphoreSlim _slots;

    /// <summary>Creates the executor.</summary>
    public LocalExecutor(IOptions<CoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Parallelism = Math.Max(1, options.Value.Parallelism);
        _slots = new SemaphoreSlim(Parallelism, Parallelism);
    }

    /// <summary>The most task instances that run at once.</summary>
    public int Parallelism { get; }

    /// <summary>Waits for a free slot, then runs <paramref name="work"/> on the thread pool.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken = default)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(work, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();
}
