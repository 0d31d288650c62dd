namespace Baton.Benchmarks;

/// <summary>What every scenario shares: how many warm-up and measured runs, and where to report progress.</summary>
/// <param name="WarmupRuns">Runs of each case made first and thrown away (JIT, tiered compilation, SQLite and file-system caches).</param>
/// <param name="MeasuredRuns">Runs whose median (and min/max) is reported.</param>
/// <param name="Progress">Where one line per run goes, or null.</param>
/// <param name="HomeRoot">The directory each run's fresh BATON_HOME is made in; deleted when all scenarios are done.</param>
/// <param name="Filter">When set, only the cases whose name (<c>case / mode</c>) contains it (ignoring case) run.</param>
/// <param name="CompareTelemetry">
/// <c>--telemetry-compare</c>: scenarios that support it measure each row twice in every pass, without and then with
/// OpenTelemetry's SDK attached for that run only, so both sides of the comparison see the same machine.
/// </param>
internal sealed record BenchmarkOptions(int WarmupRuns, int MeasuredRuns, TextWriter? Progress, string HomeRoot, string? Filter = null, bool CompareTelemetry = false)
{
    /// <summary>True when the case passes <see cref="Filter"/>.</summary>
    public bool Includes(string caseName) => Filter is null || caseName.Contains(Filter, StringComparison.OrdinalIgnoreCase);
}
