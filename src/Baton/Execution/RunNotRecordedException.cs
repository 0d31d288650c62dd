namespace Baton.Execution;

/// <summary>
/// The metadata database could not record a run's or a task instance's state (a full disk, a read-only file): the run
/// cannot go on, and the process working on it stops it rather than run tasks whose outcome would be lost.
/// </summary>
internal sealed class RunNotRecordedException : BatonException
{
    public RunNotRecordedException(string message, Exception? innerException) : base(message, innerException) { }

    public RunNotRecordedException(string message) : base(message) { }

    public RunNotRecordedException() { }

    /// <inheritdoc />
    public override bool IsRetryable => false;
}
