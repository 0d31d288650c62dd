namespace Baton.Metadata;

/// <summary>A scheduler process's heartbeat: which process, since when, and when it last said it was alive.</summary>
/// <param name="Hostname">The host the scheduler runs on.</param>
/// <param name="Pid">Its process id.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="LatestHeartbeat">When it last wrote its heartbeat.</param>
internal sealed record SchedulerHeartbeatRecord(string Hostname, int Pid, DateTimeOffset StartedAt, DateTimeOffset LatestHeartbeat);
