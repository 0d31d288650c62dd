namespace Baton.Execution;

/// <summary>A try's log could not be opened or written (a full disk, a read-only file system): the try fails, naming the file.</summary>
internal sealed class TaskLogException : BatonException
{
    public TaskLogException(string message, Exception? innerException) : base(message, innerException) { }

    public TaskLogException(string message) : base(message) { }

    public TaskLogException() { }
}
