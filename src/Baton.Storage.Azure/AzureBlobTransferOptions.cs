using Baton.Configuration;

namespace Baton.Storage.Azure;

/// <summary>How a store moves bytes: block sizes, parallelism, retries and list page size.</summary>
/// <remarks>
/// A write buffers at most <see cref="SinglePutSize"/> bytes to find out whether the value fits one request, and otherwise
/// <see cref="BlockSize"/> × <see cref="MaxConcurrency"/> bytes of blocks in flight; memory does not grow with the value.
/// </remarks>
internal sealed record AzureBlobTransferOptions
{
    /// <summary>8 MiB: a 1 GiB value is 128 blocks, well under Azure's 50,000-block limit, with 32 MiB in flight.</summary>
    public const int DefaultBlockSize = 8 * 1024 * 1024;

    /// <summary>The largest block the provider accepts (Azure allows 4000 MiB; Baton keeps blocks in memory).</summary>
    public const int MaxBlockSize = 256 * 1024 * 1024;

    /// <summary>The smallest block the provider accepts.</summary>
    public const int MinBlockSize = 64 * 1024;

    /// <summary>Retries after the first try, for transient faults (connection failures, timeouts, 408, 429, 500, 502, 503, 504).</summary>
    public const int DefaultMaxRetries = 5;

    /// <summary>The defaults.</summary>
    public static readonly AzureBlobTransferOptions Default = new();

    /// <summary>Bytes per staged block of a multi-block upload.</summary>
    public int BlockSize { get; init; } = DefaultBlockSize;

    /// <summary>The largest value written with one Put Blob request; a larger one is staged in blocks and committed.</summary>
    public int SinglePutSize { get; init; } = DefaultBlockSize;

    /// <summary>Blocks uploaded at once, and deletes run at once.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Retries of one request after its first try.</summary>
    public int MaxRetries { get; init; } = DefaultMaxRetries;

    /// <summary>The first retry's delay; later ones double, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(0.8);

    /// <summary>The longest delay between two tries.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one try may move no bytes before it counts as failed (a timeout) and is retried.</summary>
    public TimeSpan RequestTimeout { get; init; } = XComOptions.DefaultRequestTimeout;

    /// <summary>Blobs asked for per list request (the service returns at most 5000).</summary>
    public int ListPageSize { get; init; } = 5000;
}
