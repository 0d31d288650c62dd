namespace Baton.Execution;

/// <summary>How a try is run: whether its state is recorded, where its log is echoed besides its file, and what cancelling it means.</summary>
/// <param name="RecordState">False for <c>tasks test</c>, which runs a task without recording its state.</param>
/// <param name="EchoLogTo">A writer that also receives the log (the console, for <c>dags test</c>), or null.</param>
/// <param name="EndRunOnCancel">
/// True for the commands a user runs in the foreground (<c>dags test</c>, <c>dags backfill</c>, <c>tasks test</c>): when
/// they are cancelled (Ctrl+C), running tries end <c>failed</c> with <see cref="InterruptedReason"/>, tries not started
/// end <c>skipped</c>, and the run ends <c>failed</c>. False for the scheduler, whose runs resume when it starts again.
/// </param>
internal sealed record TaskRunMode(bool RecordState, TextWriter? EchoLogTo, bool EndRunOnCancel = false)
{
    /// <summary>The reason recorded for a try a user stopped (Ctrl+C) in a foreground command.</summary>
    public const string InterruptedReason = "cancelled: interrupted by user";

    /// <summary>The reason recorded for a try the scheduler stopped when it was shut down.</summary>
    public const string ShutdownReason = "cancelled: the scheduler was stopped";

    public static TaskRunMode Default { get; } = new(true, null);

    /// <summary>The reason a cancelled try ends with in this mode.</summary>
    public string CancelReason => EndRunOnCancel ? InterruptedReason : ShutdownReason;
}
