using System.Collections.Concurrent;

namespace Baton.Tests.Execution;

/// <summary>
/// Task bodies shared by several engine hosts in one test: each counts its executions by task id, and <see cref="HoldAsync"/>
/// waits until the test opens the gate, so a run stays in flight exactly as long as the test needs.
/// </summary>
internal sealed class GatedWork
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _heldOnce = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _heldTwice = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, int> _executions = new(StringComparer.Ordinal);
    private int _held;

    /// <summary>Done when a body first waits at the gate.</summary>
    public Task HeldOnce => _heldOnce.Task;

    /// <summary>Done when a second body waits at the gate: the sign that a second run got going.</summary>
    public Task HeldTwice => _heldTwice.Task;

    /// <summary>How many times a task's body ran.</summary>
    public int Executions(string taskId) => _executions.GetValueOrDefault(taskId);

    /// <summary>Counts one execution of <paramref name="taskId"/>.</summary>
    public void Count(string taskId) => _executions.AddOrUpdate(taskId, 1, (_, n) => n + 1);

    /// <summary>Counts the execution and waits for the gate.</summary>
    public async Task HoldAsync(string taskId)
    {
        Count(taskId);
        var held = Interlocked.Increment(ref _held);
        (held == 1 ? _heldOnce : _heldTwice).TrySetResult();
        await _open.Task;
    }

    /// <summary>Lets every held body, and every later one, go on.</summary>
    public void Open() => _open.TrySetResult();
}
