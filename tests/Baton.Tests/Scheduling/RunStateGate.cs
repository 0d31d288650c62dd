using System.Reflection;
using System.Runtime.ExceptionServices;
using Baton.Metadata;
using Baton.Runs;

namespace Baton.Tests.Scheduling;

/// <summary>
/// A metadata store that holds back every write that marks a run running until <see cref="Open"/> is called, so a test
/// can look at the scheduler in the moment between starting a run and the database saying so. Everything else passes
/// straight through to the real store.
/// </summary>
public class RunStateGate : DispatchProxy
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IMetadataStore _inner = null!;

    /// <summary>Wraps <paramref name="inner"/>; the returned store is also the gate.</summary>
    public static IMetadataStore Around(IMetadataStore inner)
    {
        var store = Create<IMetadataStore, RunStateGate>();
        ((RunStateGate)(object)store)._inner = inner;
        return store;
    }

    /// <summary>Lets the held writes, and every later one, through.</summary>
    public static void Open(IMetadataStore store) => ((RunStateGate)(object)store)._gate.TrySetResult();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IMetadataStore.UpdateDagRunAsync) && args?[0] is DagRunRecord { State: DagRunState.Running })
        {
            return HoldAsync(targetMethod, args);
        }

        return Forward(targetMethod, args);
    }

    private async Task HoldAsync(MethodInfo targetMethod, object?[] args)
    {
        await _gate.Task;
        await (Task)Forward(targetMethod, args)!;
    }

    private object? Forward(MethodInfo targetMethod, object?[]? args)
    {
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
