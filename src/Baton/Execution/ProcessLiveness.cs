using System.Diagnostics;

namespace Baton.Execution;

/// <summary>Whether the process that recorded a pid on this host is still running.</summary>
internal static class ProcessLiveness
{
    /// <summary>True when <paramref name="pid"/> is this process or a running process on this host.</summary>
    public static bool IsAlive(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// True when the process is known to be gone: it ran on this host and its pid is not alive. A process on another host
    /// cannot be checked from here, so it counts as alive.
    /// </summary>
    public static bool IsGone(int pid, string? hostname) => hostname == Environment.MachineName && !IsAlive(pid);
}
