namespace Baton.Tests.Telemetry;

/// <summary>The system clock whose timers fire a fixed time late, as on a starved machine.</summary>
internal sealed class LateTimerTimeProvider(TimeSpan lateness) : TimeProvider
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : dueTime + lateness, period);
}
