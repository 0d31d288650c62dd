namespace Baton.Benchmarks;

/// <summary>One benchmark scenario, selected on the command line by its <see cref="Name"/>.</summary>
internal interface IBenchmarkScenario
{
    /// <summary>The name given as the first argument, e.g. <c>scheduling</c>.</summary>
    string Name { get; }

    /// <summary>One line saying what the scenario measures.</summary>
    string Description { get; }

    /// <summary>Runs the warm-up and the measured runs; returns the table of results.</summary>
    Task<ResultTable> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken);
}
