namespace Baton.Connections;

/// <summary>The outcome of a connection test.</summary>
/// <param name="Success">True when every step passed.</param>
/// <param name="Message">What was checked, or which step failed and why (never a secret).</param>
public sealed record ConnectionTestResult(bool Success, string Message);
