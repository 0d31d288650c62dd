namespace Baton.Tests.Scheduling;

/// <summary>A task body that waits until the test releases it, counting how many bodies wait at once.</summary>
internal sealed class BlockingWork
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private int _maxRunning;

    /// <summary>How many bodies are waiting now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>The most bodies that were waiting at the same time.</summary>
    public int MaxRunning => Volatile.Read(ref _maxRunning);

    public async Task RunAsync()
    {
        var now = Interlocked.Increment(ref _running);
        int max;
        while (now > (max = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, now, max) != max)
        {
        }

        try
        {
            await _release.Task;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    /// <summary>Lets every waiting body, and every later one, finish.</summary>
    public void Release() => _release.TrySetResult();
}
