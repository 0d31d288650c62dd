namespace Baton.Configuration;

/// <summary>A setting is missing, malformed or names something that does not exist.</summary>
public sealed class BatonConfigurationException : BatonException
{
    /// <summary>Creates the exception with a message that names the setting and the problem.</summary>
    public BatonConfigurationException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public BatonConfigurationException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public BatonConfigurationException() { }

    /// <summary>Several settings are wrong: the message lists them, one a line, after <paramref name="summary"/>.</summary>
    internal BatonConfigurationException(string summary, IReadOnlyList<string> problems)
        : base($"{summary}{string.Concat(problems.Select(p => Environment.NewLine + "  - " + p))}")
    {
        Summary = summary;
        Problems = problems;
    }

    /// <summary>The first line of a message that lists several problems, else null.</summary>
    internal string? Summary { get; }

    /// <summary>The problems a message lists one a line (for the command line to print each on a line of its own).</summary>
    internal IReadOnlyList<string> Problems { get; } = [];

    /// <summary>False: the same try would fail the same way, so a task failing with it is not retried.</summary>
    public override bool IsRetryable => false;
}
