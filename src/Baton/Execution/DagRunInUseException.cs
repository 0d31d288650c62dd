using System.Globalization;
using Baton.Metadata;

namespace Baton.Execution;

/// <summary>
/// Another live process holds the run (it is running it, or deleting or clearing it), so this command left it untouched.
/// The message names the DAG, the run, and the holder's pid, host and since when.
/// </summary>
internal sealed class DagRunInUseException : BatonException
{
    /// <summary>Creates the exception for a run as read with its <see cref="DagRunRecord.Owner"/>.</summary>
    public DagRunInUseException(DagRunRecord run)
        : base(Describe(run ?? throw new ArgumentNullException(nameof(run))))
    {
        DagId = run.DagId;
        RunId = run.RunId;
        Owner = run.Owner;
    }

    /// <summary>Creates the exception with no message.</summary>
    public DagRunInUseException() { }

    /// <summary>Creates the exception with a message.</summary>
    public DagRunInUseException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public DagRunInUseException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>The DAG's id.</summary>
    public string? DagId { get; }

    /// <summary>The run's id.</summary>
    public string? RunId { get; }

    /// <summary>The process holding the run.</summary>
    public DagRunOwner? Owner { get; }

    private static string Describe(DagRunRecord run)
    {
        var owner = run.Owner;
        var holder = owner is null
            ? "another process"
            : $"pid {owner.Pid.ToString(CultureInfo.InvariantCulture)} on host '{owner.Hostname}' since " +
              owner.Since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var elsewhere = owner is not null && owner.Hostname != Environment.MachineName
            ? " A process on another host cannot be checked from here; on that host the same command can tell whether it is gone."
            : "";
        return $"Run '{run.RunId}' of DAG '{run.DagId}' is in use by {holder}; it was left untouched. " +
               $"Try again when that process has finished, or stop it.{elsewhere}";
    }
}
