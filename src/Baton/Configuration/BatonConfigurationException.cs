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

    /// <summary>False: the same try would fail the same way, so a task failing with it is not retried.</summary>
    public override bool IsRetryable => false;
}
