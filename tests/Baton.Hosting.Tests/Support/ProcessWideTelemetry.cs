namespace Baton.Hosting.Tests.Support;

/// <summary>
/// Telemetry tests listen to Baton's process-wide source and meter, so they run alone: no other test's runs may add to
/// what they count.
/// </summary>
[CollectionDefinition(nameof(ProcessWideTelemetry), DisableParallelization = true)]
public sealed class ProcessWideTelemetry;
