namespace Baton.Tests.Telemetry;

/// <summary>
/// Telemetry tests listen to Baton's process-wide source and meter, so they run alone: no other test's runs, tries or
/// XComs may add to what they count.
/// </summary>
[CollectionDefinition(nameof(ProcessWideTelemetry), DisableParallelization = true)]
public sealed class ProcessWideTelemetry;
