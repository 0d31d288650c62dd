using Microsoft.Extensions.DependencyInjection;

namespace Baton.Benchmarks.Stores;

/// <summary>
/// One object store on its local emulator: the Baton settings that point the object-storage XCom backend at it, the
/// provider to register, and the bare SDK calls of the baseline (put a file or bytes, get to a file or bytes).
/// </summary>
internal abstract class StoreTarget : IAsyncDisposable
{
    /// <summary>The bucket (or container) every target writes to, created when missing.</summary>
    public const string Bucket = "baton-bench";

    public abstract string Name { get; }

    /// <summary>The SDK call the baseline puts with, for a file (large values) or bytes in memory (1 KB).</summary>
    public abstract string Baseline(bool file);

    /// <summary>True when the target measures only values of 64 MB and more (a second baseline for the same store).</summary>
    public virtual bool LargeValuesOnly => false;

    /// <summary>The largest value the emulator takes (the GCS emulator caps a request body at 130 MB).</summary>
    public virtual long MaxValueSize => long.MaxValue;

    /// <summary>Checks the emulator answers, creates the bucket, builds the SDK client; returns the Baton settings for <paramref name="prefix"/>.</summary>
    public abstract Task<Dictionary<string, string>> PrepareAsync(string prefix, CancellationToken cancellationToken);

    public abstract void ConfigureServices(IServiceCollection services);

    /// <summary>Bare SDK: the file's bytes (or <paramref name="bytes"/>) to object <paramref name="key"/>.</summary>
    public abstract Task PutAsync(string key, string? file, byte[]? bytes, CancellationToken cancellationToken);

    /// <summary>Bare SDK: object <paramref name="key"/> into a new file (or, with no file, into memory); returns the byte count.</summary>
    public abstract Task<long> GetAsync(string key, string? file, CancellationToken cancellationToken);

    public abstract Task DeleteAsync(string key, CancellationToken cancellationToken);

    public ValueTask DisposeAsync()
    {
        DisposeClient();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Disposes the SDK client, if any.</summary>
    protected virtual void DisposeClient()
    {
    }
}
