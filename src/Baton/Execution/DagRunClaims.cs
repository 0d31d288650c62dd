using Baton.Metadata;
using Microsoft.Extensions.Logging;

namespace Baton.Execution;

/// <summary>
/// Holds runs for the process working on them. Whoever runs, deletes or clears a run claims it first, atomically in the
/// database; a run held by another live process is refused with <see cref="DagRunInUseException"/>, and a run held by a
/// process that is gone (killed, crashed) is taken over.
/// </summary>
internal sealed class DagRunClaims
{
    private readonly IMetadataStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DagRunClaims> _logger;

    public DagRunClaims(IMetadataStore store, TimeProvider timeProvider, ILogger<DagRunClaims> logger)
    {
        _store = store;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>A new owner for this process: one per command or driven run, so two holders in one process stay apart.</summary>
    public DagRunOwner NewOwner() => new(Guid.NewGuid().ToString("N"), Environment.ProcessId, Environment.MachineName, _timeProvider.GetUtcNow());

    /// <summary>True when a live process other than <paramref name="self"/> holds the run.</summary>
    public static bool IsHeldByOther(DagRunRecord run, DagRunOwner? self = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Owner is { } owner && owner.Token != self?.Token && !ProcessLiveness.IsGone(owner.Pid, owner.Hostname);
    }

    /// <summary>
    /// Claims the run for <paramref name="owner"/>; returns it, or null when there is no such run. A holder that is gone is
    /// replaced (with a warning).
    /// </summary>
    /// <exception cref="DagRunInUseException">Another live process holds the run.</exception>
    public async Task<DagRunRecord?> ClaimAsync(string dagId, string runId, DagRunOwner owner, CancellationToken cancellationToken)
    {
        var run = await _store.ClaimDagRunAsync(dagId, runId, owner, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (run?.Owner is not { } holder || holder.Token == owner.Token)
        {
            return run;
        }

        if (!ProcessLiveness.IsGone(holder.Pid, holder.Hostname))
        {
            throw new DagRunInUseException(run);
        }

        // Only the holder just found gone is replaced: if a live process took the run in between, this claim fails.
        run = await _store.ClaimDagRunAsync(dagId, runId, owner, holder.Token, cancellationToken).ConfigureAwait(false);
        if (run?.Owner is { } now && now.Token != owner.Token)
        {
            throw new DagRunInUseException(run);
        }

        _logger.LogWarning("Run {RunId} of DAG {DagId} was held by pid {Pid} on {Host}, which is gone; taken over", runId, dagId, holder.Pid, holder.Hostname);
        return run;
    }

    /// <summary>
    /// Lets go of a run; never cancelled, so a stopped command does not leave its runs held. A database that refuses the
    /// write (a full disk) is logged, not thrown, so it does not hide the error that ended the work: the hold lapses when
    /// this process ends, as a gone holder's does.
    /// </summary>
    public async Task ReleaseAsync(string dagId, string runId, DagRunOwner owner)
    {
        try
        {
            await _store.ReleaseDagRunAsync(dagId, runId, owner.Token, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (WriteFailures.IsWriteFailure(e) || e is BatonException)
        {
            _logger.LogDebug("Run {RunId} of DAG {DagId} could not be let go ({Reason}); it is free once this process ends", runId, dagId, WriteFailures.Reason(e));
        }
    }
}
