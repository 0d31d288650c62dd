using Google.Apis.Util;

namespace Baton.Storage.Gcs;

/// <summary>
/// Exponential back-off for Google.Apis' <see cref="Google.Apis.Http.BackOffHandler"/>, with the delays of
/// <see cref="GcsRetryPolicy"/>: 0.5 s, 1 s, 2 s, … up to 8 s, each plus up to a quarter of random jitter.
/// </summary>
internal sealed class GcsBackOff : IBackOff
{
    /// <summary>Creates the back-off for at most <paramref name="maxNumOfRetries"/> retries.</summary>
    public GcsBackOff(int maxNumOfRetries)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxNumOfRetries);
        MaxNumOfRetries = maxNumOfRetries;
    }

    /// <inheritdoc />
    public int MaxNumOfRetries { get; }

    /// <inheritdoc />
    public TimeSpan GetNextBackOff(int currentRetry)
    {
        if (currentRetry <= 0 || currentRetry > MaxNumOfRetries)
        {
            return TimeSpan.MinValue;
        }

        var delay = GcsRetryPolicy.InitialBackoff.TotalMilliseconds * Math.Pow(GcsRetryPolicy.BackoffMultiplier, Math.Min(currentRetry - 1, 16));
        delay = Math.Min(delay, GcsRetryPolicy.MaxBackoff.TotalMilliseconds);
#pragma warning disable CA5394 // Jitter spreads retries out; it needs no cryptographic randomness.
        return TimeSpan.FromMilliseconds(delay * (1 + (Random.Shared.NextDouble() / 4)));
#pragma warning restore CA5394
    }
}
