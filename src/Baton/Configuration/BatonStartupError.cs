namespace Baton.Configuration;

/// <summary>
/// A settings file or <c>.env</c> that could not be read while the app was being configured: kept until Baton starts
/// (<see cref="BatonStartup"/>), which reports it as one error, instead of failing the user's <c>Program.cs</c> with an
/// exception before anything can report it.
/// </summary>
internal sealed record BatonStartupError(BatonConfigurationException Error);
