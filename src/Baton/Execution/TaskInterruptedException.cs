namespace Baton.Execution;

/// <summary>A try was stopped from outside (Ctrl+C, the scheduler shutting down); the message is the reason recorded for it.</summary>
internal sealed class TaskInterruptedException : BatonException
{
    public TaskInterruptedException(string message, Exception? innerException) : base(message, innerException) { }

    public TaskInterruptedException(string message) : base(message) { }

    public TaskInterruptedException() { }
}
