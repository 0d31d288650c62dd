using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Baton.Benchmarks;
using Baton.Benchmarks.Scheduling;
using Baton.Benchmarks.XComs;

// dotnet run -c Release --project benchmarks/Baton.Benchmarks -- [scenario|all] [--runs N] [--warmup N] [--filter TEXT] [--root DIR] [--telemetry|--telemetry-compare]
IBenchmarkScenario[] scenarios = [new SchedulingScenario(), new XComScenario(), new Baton.Benchmarks.DataFrames.DataFrameScenario(), new Baton.Benchmarks.Stores.StoreScenario(), new Baton.Benchmarks.Web.WebScenario()];

string? selected = null;
var runs = 3;
var warmup = 2;
string? filter = null;
var root = Path.GetTempPath();
var telemetry = false;
var compareTelemetry = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n > 0:
            runs = n;
            i++;
            break;
        case "--warmup" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var w) && w >= 0:
            warmup = w;
            i++;
            break;
        case "--root" when i + 1 < args.Length:
            root = args[++i];
            break;
        case "--filter" when i + 1 < args.Length:
            filter = args[++i];
            break;
        case "--telemetry":
            telemetry = true;
            break;
        case "--telemetry-compare":
            compareTelemetry = true;
            break;
        case "-h" or "--help":
            return Usage(Console.Out, 0);
        case var name when selected is null && !name.StartsWith('-'):
            selected = name;
            break;
        default:
            Console.Error.WriteLine($"unexpected argument '{args[i]}'");
            return Usage(Console.Error, 2);
    }
}

var chosen = selected is null or "all"
    ? scenarios
    : scenarios.Where(s => string.Equals(s.Name, selected, StringComparison.OrdinalIgnoreCase)).ToArray();
if (telemetry && compareTelemetry)
{
    Console.Error.WriteLine("--telemetry and --telemetry-compare exclude each other");
    return Usage(Console.Error, 2);
}

if (chosen.Length == 0)
{
    Console.Error.WriteLine($"unknown scenario '{selected}'");
    return Usage(Console.Error, 2);
}

// Homes are deleted only once every run is done: ext4 without a journal skips inodes freed in the last minutes when it
// allocates new ones, so deleting one run's thousands of log files would slow the next run's file creation.
var homeRoot = Path.Combine(Path.GetFullPath(root), $"baton-bench-{Environment.ProcessId}");

// Captured before any task runs: Baton routes Console.Out through each task's log while the task runs.
var output = Console.Out;
output.WriteLine($"Baton benchmarks — .NET {Environment.Version}, {RuntimeInformation.OSDescription} {RuntimeInformation.ProcessArchitecture}, " +
    $"{Environment.ProcessorCount} cores, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, homes under {homeRoot}" +
    (telemetry ? ", telemetry ON (OpenTelemetry SDK on source and meter 'Baton')"
        : compareTelemetry ? ", telemetry compared (each scheduling and xcom row without and with the OpenTelemetry SDK attached)" : ", telemetry off (no listener)"));
#if DEBUG
output.WriteLine("WARNING: Debug build; run with -c Release for numbers worth comparing.");
#endif
output.WriteLine();

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var options = new BenchmarkOptions(warmup, runs, Console.Error, homeRoot, filter, compareTelemetry);
using var listeners = telemetry ? new Baton.Benchmarks.Infrastructure.TelemetryListeners() : null;
try
{
    foreach (var scenario in chosen)
    {
        Console.Error.WriteLine($"{scenario.Name}: {scenario.Description}");
        var table = await scenario.RunAsync(options, cancellation.Token);
        table.Write(output);
    }

    if (listeners is not null)
    {
        output.WriteLine(listeners.Summary());
    }
    else if (compareTelemetry)
    {
        output.WriteLine($"telemetry: {Baton.Benchmarks.Infrastructure.TelemetryListeners.SpansExportedByDisposed} spans exported to memory over the runs with telemetry");
    }
}
finally
{
    if (Directory.Exists(homeRoot))
    {
        Directory.Delete(homeRoot, recursive: true);
    }
}

return 0;

int Usage(TextWriter writer, int exitCode)
{
    writer.WriteLine("usage: Baton.Benchmarks [scenario|all] [--runs N] [--warmup N] [--filter TEXT] [--root DIR] [--telemetry|--telemetry-compare]");
    writer.WriteLine("  all (default) runs every scenario; --runs measured runs (default 3), --warmup passes over all rows thrown away (default 2),");
    writer.WriteLine("  --root where the temporary BATON_HOMEs go (default: the temp directory; its file system affects the log files' cost;");
    writer.WriteLine("    xcom writes several GB there: its 1 GB source files and copies),");
    writer.WriteLine("  --filter only the cases whose \"case / mode\" contains TEXT (e.g. chain, fan-out, \"dags test\";");
    writer.WriteLine("    xcom rows are \"backend / compression / data / size\", e.g. objectstorage, zstd, csv, \"64 MB\")");
    writer.WriteLine("  --telemetry attaches the OpenTelemetry SDK to Baton's source and meter (batch span processor, metrics every 1 s,");
    writer.WriteLine("    in-memory exporter that counts): run with and without it to measure what listening costs;");
    writer.WriteLine("  --telemetry-compare (scheduling, xcom) measures each row without and with the SDK attached, in every pass");
    foreach (var s in scenarios)
    {
        writer.WriteLine($"  {s.Name,-12} {s.Description}");
    }

    return exitCode;
}
