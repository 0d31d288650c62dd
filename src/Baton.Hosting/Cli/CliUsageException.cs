namespace Baton.Hosting.Cli;

/// <summary>A command's arguments are wrong in a way the parser cannot see (a malformed date, JSON that is not an object).</summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException(string message) : base(message) { }

    public CliUsageException(string message, Exception? innerException) : base(message, innerException) { }

    public CliUsageException() { }
}
