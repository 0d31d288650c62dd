using System.Diagnostics;
using System.Globalization;
using Baton.Benchmarks.Infrastructure;
using Baton.Configuration;
using Baton.Dags;
using Baton.DataFrames;
using Baton.Metadata;
using Baton.XComs;
using Microsoft.Data.Analysis;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Benchmarks.DataFrames;

/// <summary>
/// DataFrames through XComs: a DataFrame of int64, double, string, DateTime and bool columns pushed to and pulled from
/// the object-storage backend on a local directory (Parquet, streamed through the XCom pipeline), against the direct
/// library path measured in the same run: the same arrays written to and read from a local file with Parquet.Net.
/// </summary>
internal sealed class DataFrameScenario : IBenchmarkScenario
{
    private const double Target = 0.8;
    private static readonly int[] Sizes = [1_000_000, 10_000_000];
    private static readonly XComKey Key = new("bench", "run", "frame");

    public string Name => "dataframe";

    public string Description => "1M and 10M-row DataFrames pushed/pulled through the local object store vs Parquet.Net on a file";

    public async Task<ResultTable> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rowGroupSize = new DataFrameXComOptions().RowGroupSize;
        var table = new ResultTable(
            $"Scenario: {Name} — median of {options.MeasuredRuns} run(s) after {options.WarmupRuns} warm-up run(s); Parquet (snappy), {rowGroupSize:N0}-row groups, BATON__XCOM__COMPRESSION=none",
            "rows", "operation", "baton ms", "direct ms", "baton rows/s", "direct rows/s", "baton bytes", "direct bytes", "ratio", "target", "result", "baton peak WS MB", "direct peak WS MB");

        foreach (var rows in Sizes)
        {
            var label = $"{rows / 1_000_000}M rows";
            if (!options.Includes(label))
            {
                continue;
            }

            options.Progress?.WriteLine($"  {label}: building the data");
            var data = BenchmarkTable.Create(rows);
            await using var sandbox = await Sandbox.CreateAsync(options.HomeRoot, cancellationToken);
            var file = Path.Combine(sandbox.Home, "direct.parquet");
            var samples = new Dictionary<string, List<Sample>> { ["push"] = [], ["pull"] = [], ["write"] = [], ["read"] = [] };
            long batonBytes = 0;
            for (var run = 0; run < options.WarmupRuns + options.MeasuredRuns; run++)
            {
                var measured = run >= options.WarmupRuns;
                var push = await MeasureAsync(() => sandbox.XComs.PushAsync(Key, data.Frame, typeof(DataFrame), cancellationToken));
                batonBytes = (await sandbox.XComs.GetAsync(Key, cancellationToken))!.Payload.Size;
                DataFrame? pulled = null;
                var pull = await MeasureAsync(async () => pulled = await sandbox.XComs.PullAsync<DataFrame>(Key, cancellationToken));
                if (pulled!.Rows.Count != rows)
                {
                    throw new InvalidOperationException($"pulled {pulled.Rows.Count} rows, pushed {rows}");
                }

                pulled = null;
                var write = await MeasureAsync(() => DirectParquet.WriteAsync(data, file, rowGroupSize, cancellationToken));
                long read = 0;
                var readSample = await MeasureAsync(async () => read = await DirectParquet.ReadAsync(file, cancellationToken));
                if (read != rows)
                {
                    throw new InvalidOperationException($"read {read} rows directly, wrote {rows}");
                }

                options.Progress?.WriteLine(
                    $"  {label}: {(measured ? "run" : "warm-up")} {run + 1}: push {Ms(push)} ms, pull {Ms(pull)} ms, direct write {Ms(write)} ms, direct read {Ms(readSample)} ms");
                if (measured)
                {
                    samples["push"].Add(push);
                    samples["pull"].Add(pull);
                    samples["write"].Add(write);
                    samples["read"].Add(readSample);
                }
            }

            var directBytes = new FileInfo(file).Length;
            AddRow(table, label, "push (write)", rows, samples["push"], samples["write"], batonBytes, directBytes);
            AddRow(table, label, "pull (read)", rows, samples["pull"], samples["read"], batonBytes, directBytes);
        }

        table.AddNote("baton = XComService.PushAsync / PullAsync<DataFrame> with BATON__XCOM__BACKEND=objectstorage on a local directory: the DataFrame");
        table.AddNote("  serialized to Parquet row group by row group through the XCom pipeline (XXH3 checksum, bounded pipe, temp file + rename,");
        table.AddNote("  manifest, SQLite row); the pull copies the object to a seekable temp file (checksum checked), then reads it into a DataFrame.");
        table.AddNote("direct = Parquet.Net 6.1 writing the same columns from arrays to a local file, and reading them back into arrays, same schema.");
        table.AddNote($"ratio = median over runs of direct ms / baton ms within the run (1.0 = as fast as the library alone); target ≥ {Target:F1}.");
        table.AddNote("peak WS = largest working set of the whole process sampled every 5 ms during the operation (it includes the source");
        table.AddNote("  table held in memory in both cases); median over runs.");
        return table;
    }

    private static void AddRow(ResultTable table, string label, string operation, int rows, List<Sample> baton, List<Sample> direct, long batonBytes, long directBytes)
    {
        var batonMs = Stats.Median(baton.Select(s => s.Elapsed.TotalMilliseconds));
        var directMs = Stats.Median(direct.Select(s => s.Elapsed.TotalMilliseconds));
        // Each run measures both paths back to back, so their ratio within a run is steadier on a busy machine than the
        // ratio of medians; the median of those ratios is reported.
        var ratio = Stats.Median(baton.Zip(direct, (b, d) => d.Elapsed.TotalMilliseconds / b.Elapsed.TotalMilliseconds));
        table.AddRow(
            label, operation, batonMs.ToString("F0", CultureInfo.InvariantCulture), directMs.ToString("F0", CultureInfo.InvariantCulture),
            (rows / (batonMs / 1000)).ToString("N0", CultureInfo.InvariantCulture), (rows / (directMs / 1000)).ToString("N0", CultureInfo.InvariantCulture),
            batonBytes.ToString("N0", CultureInfo.InvariantCulture), directBytes.ToString("N0", CultureInfo.InvariantCulture),
            ratio.ToString("F2", CultureInfo.InvariantCulture), $">= {Target:F1}", ratio >= Target ? "PASS" : "FAIL",
            Mb(baton), Mb(direct));
    }

    private static string Mb(List<Sample> samples) =>
        (Stats.Median(samples.Select(s => (double)s.PeakWorkingSetBytes)) / (1024 * 1024)).ToString("F0", CultureInfo.InvariantCulture);

    private static string Ms(Sample sample) => sample.Elapsed.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);

    private static async Task<Sample> MeasureAsync(Func<Task> operation)
    {
        // Each operation starts from the same heap state, so one operation's garbage is not collected during the next.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var sampler = WorkingSetSampler.Start();
        var stopwatch = Stopwatch.StartNew();
        await operation();
        stopwatch.Stop();
        return new Sample(stopwatch.Elapsed, sampler.Stop());
    }

    private sealed record Sample(TimeSpan Elapsed, long PeakWorkingSetBytes);

    /// <summary>A fresh BATON_HOME with the object-storage backend on a local directory and the DataFrame serializers.</summary>
    private sealed class Sandbox : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        private Sandbox(string home, ServiceProvider services)
        {
            Home = home;
            _services = services;
        }

        public string Home { get; }

        public XComService XComs => _services.GetRequiredService<XComService>();

        public static async Task<Sandbox> CreateAsync(string root, CancellationToken cancellationToken)
        {
            var home = Path.Combine(root, "dataframe-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(home);
            var variables = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["BATON_HOME"] = home,
                ["BATON__XCOM__BACKEND"] = "objectstorage",
                ["BATON__XCOM__PATH"] = new Uri(Path.Combine(home, "xcoms") + "/").AbsoluteUri,
                ["BATON__XCOM__THRESHOLD"] = "0",
            };
            var environment = BatonEnvironment.Create(home, variables);
            var services = new ServiceCollection()
                .AddBatonDataFrames()
                .AddBaton(environment, BatonSettings.Build(environment), DagBag.FromDefinitions([]))
                .BuildServiceProvider();
            await services.GetRequiredService<IMetadataStore>().MigrateAsync(cancellationToken);
            return new Sandbox(home, services);
        }

        public async ValueTask DisposeAsync()
        {
            await _services.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(Home, recursive: true);
        }
    }
}
