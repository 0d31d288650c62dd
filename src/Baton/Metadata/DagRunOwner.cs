namespace Baton.Metadata;

/// <summary>The process that holds a run while it works on it; no other process deletes, resets or drives the run meanwhile.</summary>
/// <param name="Token">Tells one hold from another, also within one process.</param>
/// <param name="Pid">The holding process's id.</param>
/// <param name="Hostname">The host the process runs on.</param>
/// <param name="Since">When the process took the run.</param>
public sealed record DagRunOwner(string Token, int Pid, string Hostname, DateTimeOffset Since);
