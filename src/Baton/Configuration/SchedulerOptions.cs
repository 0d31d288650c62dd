using Microsoft.Extensions.Configuration;

namespace Baton.Configuration;

/// <summary>Settings of section <c>scheduler</c> (<c>BATON__SCHEDULER__…</c>).</summary>
public sealed class SchedulerOptions
{
    /// <summary>How often the scheduler looks for runs to create and runs triggered from other processes (<c>BATON__SCHEDULER__POLL_INTERVAL</c>, e.g. <c>00:00:01</c>).</summary>
    [ConfigurationKeyName("poll_interval")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
