using System.Diagnostics;
using System.Globalization;
using Baton.Benchmarks.Infrastructure;
using Baton.Dags;
using Baton.Execution;
using Baton.Metadata;
using Baton.Runs;
using Baton.Scheduling;

namespace Baton.Benchmarks.Scheduling;

/// <summary>
/// Scheduling overhead: DAGs of no-op tasks run through <c>dags test</c> (in process) and through the scheduler with the
/// local executor, each run on a fresh BATON_HOME. Reports wall time, throughput, the handoff latency between a task's
/// last upstream ending and the task starting, and the peak working set.
/// </summary>
internal sealed class SchedulingScenario : IBenchmarkScenario
{
    private const int Size = 500;
    private static readonly DateTimeOffset LogicalDate = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan SchedulerPollInterval = TimeSpan.FromMilliseconds(50);

    private const int HistoryRuns = 200;

    private static readonly IReadOnlyList<Case> Cases =
    [
        new($"chain-{Size} (no data)", () => new ChainDag(Size, passInt: false)),
        new($"chain-{Size} (xcom int)", () => new ChainDag(Size, passInt: true)),
        new($"chain-{Size} (xcom int), {HistoryRuns * Size / 1000}k old XComs", () => new ChainDag(Size, passInt: true),
            (sandbox, dagId, ct) => XComHistory.SeedAsync(sandbox, dagId, HistoryRuns, Size, ct)),
        new($"fan-out-{Size}", () => new FanOutDag(Size, join: false)),
        new($"fan-out-{Size} + join", () => new FanOutDag(Size, join: true)),
    ];

    private static readonly IReadOnlyList<Mode> Modes =
    [
        new("dags test", TargetP50Ms: 10, RunInProcessAsync),
        new("scheduler", TargetP50Ms: 100, RunThroughSchedulerAsync),
    ];

    public string Name => "scheduling";

    public string Description => $"chains and fan-outs of {Size} no-op tasks through dags test and the scheduler";

    public async Task<ResultTable> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var table = new ResultTable(
            $"Scenario: {Name} — median of {options.MeasuredRuns} run(s) after {options.WarmupRuns} warm-up pass(es) over all rows, fresh SQLite BATON_HOME per run",
            "scenario", "mode", "tasks", "wall ms", "wall min-max ms", "tasks/s", "handoff p50 ms", "handoff p99 ms", "p50 target", "result", "excl. slot wait p50/p99 ms", "peak WS MB", "alloc MB");

        // --telemetry-compare: each row twice per pass, without and with the SDK attached, next to each other in time.
        bool[] variants = options.CompareTelemetry ? [false, true] : [false];
        var rows = Cases
            .SelectMany(c => Modes.SelectMany(m => variants.Select(t => new Row(c, m, t))))
            .Where(r => options.Includes(r.Label))
            .ToList();

        // Warm-up passes go over every row before any is measured, and measured runs take the rows in turn, so no row
        // is measured on less-tiered code than another and a burst of load on the machine is spread over all rows.
        for (var pass = 0; pass < options.WarmupRuns; pass++)
        {
            foreach (var row in InPassOrder(rows, pass))
            {
                var warm = await RunOnceAsync(options.HomeRoot, row.Case, row.Mode, row.Telemetry, cancellationToken);
                options.Progress?.WriteLine($"  {row.Name}: warm-up {pass + 1} {Ms(warm.Wall.TotalMilliseconds)} ms");
            }
        }

        var measured = rows.ToDictionary(r => r, _ => new List<Measurement>());
        for (var pass = 0; pass < options.MeasuredRuns; pass++)
        {
            foreach (var row in InPassOrder(rows, pass))
            {
                var m = await RunOnceAsync(options.HomeRoot, row.Case, row.Mode, row.Telemetry, cancellationToken);
                measured[row].Add(m);
                options.Progress?.WriteLine(
                    $"  {row.Name}: run {pass + 1} {Ms(m.Wall.TotalMilliseconds)} ms, handoff p50 {Ms(m.HandoffP50)} ms p99 {Ms(m.HandoffP99)} ms");
            }
        }

        foreach (var row in rows)
        {
            var (@case, mode) = (row.Case, row.Mode);
            var runs = measured[row];
            var wall = Stats.Median(runs.Select(r => r.Wall.TotalMilliseconds));
            var p50 = Stats.Median(runs.Select(r => r.HandoffP50));
            var p99 = Stats.Median(runs.Select(r => r.HandoffP99));
            var tasks = runs[0].Tasks;
            table.AddRow(
                @case.Name, row.Telemetry ? $"{mode.Name} + telemetry" : mode.Name, tasks.ToString(CultureInfo.InvariantCulture), Ms(wall),
                $"{Ms(runs.Min(r => r.Wall.TotalMilliseconds))}-{Ms(runs.Max(r => r.Wall.TotalMilliseconds))}",
                (tasks / (wall / 1000)).ToString("F0", CultureInfo.InvariantCulture), Ms(p50), Ms(p99),
                $"< {mode.TargetP50Ms} ms", p50 < mode.TargetP50Ms ? "PASS" : "FAIL",
                $"{Ms(Stats.Median(runs.Select(r => r.DispatchP50)))} / {Ms(Stats.Median(runs.Select(r => r.DispatchP99)))}",
                (Stats.Median(runs.Select(r => (double)r.PeakWorkingSetBytes)) / (1024 * 1024)).ToString("F0", CultureInfo.InvariantCulture),
                (Stats.Median(runs.Select(r => (double)r.AllocatedBytes)) / (1024 * 1024)).ToString("F1", CultureInfo.InvariantCulture));
        }

        table.AddNote("handoff = task_instance.start_date - max(end_date of its upstream task instances), one sample per task with upstream tasks;");
        table.AddNote($"  for the fan-outs it includes the wait for one of the {Parallelism} executor slots (BATON__CORE__PARALLELISM), so its p50 is");
        table.AddNote("  about half the time to run the other tasks. \"excl. slot wait\" counts a task as ready only once enough earlier-started");
        table.AddNote($"  tasks had ended to free a slot (the k-th start waits for the (k-{Parallelism}+1)-th end): the engine's own dispatch delay.");
        table.AddNote($"wall: dags test = DagRunService.TestAsync; scheduler = TriggerAsync until the run's end_date (poll interval {SchedulerPollInterval.TotalMilliseconds} ms).");
        table.AddNote("peak WS = largest Environment.WorkingSet of the process sampled every 5 ms during the run; alloc = GC.GetTotalAllocatedBytes");
        table.AddNote("  during the run, whole process (the scheduler's own polling included); both medians over runs.");
        if (options.CompareTelemetry)
        {
            table.AddNote("+ telemetry: the same row with OpenTelemetry's SDK attached to the Baton source and meter for that run only");
            table.AddNote("  (batch span processor, metrics read every second, in-memory exporter that counts), measured right before or");
            table.AddNote("  after the row without (the order alternates by pass); attaching and detaching are outside the measurement.");
        }

        return table;
    }

    private const int Parallelism = 32;

    private static Dictionary<string, string> Settings() => new(StringComparer.Ordinal)
    {
        ["BATON__CORE__PARALLELISM"] = Parallelism.ToString(CultureInfo.InvariantCulture),
        ["BATON__CORE__DAGS_ARE_PAUSED_AT_CREATION"] = "false",
        ["BATON__SCHEDULER__POLL_INTERVAL"] = SchedulerPollInterval.ToString("c", CultureInfo.InvariantCulture),
    };

    /// <summary>The rows of one pass: with <c>--telemetry-compare</c>, each row's two variants swap places every other pass.</summary>
    private static IEnumerable<Row> InPassOrder(List<Row> rows, int pass) =>
        rows.GroupBy(r => r.Label, StringComparer.Ordinal).SelectMany(g => g.OrderBy(r => pass % 2 == 0 ? r.Telemetry : !r.Telemetry));

    private static async Task<Measurement> RunOnceAsync(string homeRoot, Case @case, Mode mode, bool telemetry, CancellationToken cancellationToken)
    {
        var definition = @case.Create();
        var dags = DagBag.FromDefinitions([definition]);
        if (dags.Errors.Count > 0)
        {
            throw new InvalidOperationException(dags.Errors[0].Message);
        }

        await using var sandbox = await BatonSandbox.CreateAsync(homeRoot, dags, Settings(), cancellationToken);
        var dag = dags.Get(definition.Spec.DagId);
        if (@case.PrepareAsync is { } prepare)
        {
            await prepare(sandbox, dag.DagId, cancellationToken);
        }

        // Attached before the heap is settled and the measurement starts; detached (flushed) after it ends.
        using var listeners = telemetry ? new TelemetryListeners() : null;

        // Start each measurement from the same heap state, so one run's garbage is not collected during the next.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var (wall, run, peak) = await mode.RunAsync(sandbox, dag, cancellationToken);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        if (run.State != DagRunState.Success)
        {
            throw new InvalidOperationException($"run {run.RunId} of {dag.DagId} ended {run.State}");
        }

        var instances = await sandbox.Store.ListTaskInstancesAsync(dag.DagId, run.RunId, cancellationToken);
        var handoffs = HandoffLatency.Measure(dag, instances);
        var dispatch = HandoffLatency.Measure(dag, instances, Parallelism);
        return new Measurement(
            instances.Count, wall, Stats.Percentile(handoffs, 50), Stats.Percentile(handoffs, 99),
            Stats.Percentile(dispatch, 50), Stats.Percentile(dispatch, 99), peak, allocated);
    }

    private static async Task<(TimeSpan Wall, DagRunRecord Run, long PeakBytes)> RunInProcessAsync(BatonSandbox sandbox, Dag dag, CancellationToken cancellationToken)
    {
        var runs = sandbox.Get<DagRunService>();
        using var sampler = WorkingSetSampler.Start();
        var stopwatch = Stopwatch.StartNew();
        var result = await runs.TestAsync(dag, LogicalDate, cancellationToken: cancellationToken);
        stopwatch.Stop();
        return (stopwatch.Elapsed, result.Run, sampler.Stop());
    }

    private static async Task<(TimeSpan Wall, DagRunRecord Run, long PeakBytes)> RunThroughSchedulerAsync(BatonSandbox sandbox, Dag dag, CancellationToken cancellationToken)
    {
        var store = sandbox.Store;
        var runs = sandbox.Get<DagRunService>();
        var scheduler = sandbox.Get<Scheduler>();
        var clock = sandbox.Get<TimeProvider>();
        await store.SetDagPausedAsync(dag.DagId, isPaused: false, cancellationToken);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sampler = WorkingSetSampler.Start();
        var triggeredAt = clock.GetUtcNow();
        var run = await runs.TriggerAsync(dag, LogicalDate, cancellationToken: cancellationToken);
        var scheduling = Task.Run(() => scheduler.RunAsync(stop.Token), CancellationToken.None);
        try
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                await Task.Delay(10, cancellationToken);
                var current = await store.GetDagRunAsync(dag.DagId, run.RunId, cancellationToken)
                    ?? throw new InvalidOperationException($"run {run.RunId} disappeared");
                if (current.State is DagRunState.Success or DagRunState.Failed)
                {
                    run = current;
                    break;
                }

                if (scheduling.IsCompleted)
                {
                    await scheduling;
                    throw new InvalidOperationException("the scheduler stopped before the run ended");
                }

                if (deadline.Elapsed > TimeSpan.FromMinutes(10))
                {
                    throw new TimeoutException($"run {run.RunId} of {dag.DagId} still {current.State} after 10 minutes");
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await scheduling;
        }

        // The run's own end_date, not when this loop noticed it: the poll above must not add up to 10 ms to the wall time.
        var wall = (run.EndDate ?? clock.GetUtcNow()) - triggeredAt;
        return (wall, run, sampler.Stop());
    }

    private static string Ms(double value) =>
        double.IsNaN(value) ? "n/a" : value.ToString(value >= 100 ? "F0" : "F2", CultureInfo.InvariantCulture);

    private sealed record Row(Case Case, Mode Mode, bool Telemetry)
    {
        /// <summary>What <c>--filter</c> matches: both variants of a row.</summary>
        public string Label => $"{Case.Name} / {Mode.Name}";

        public string Name => Telemetry ? $"{Label} + telemetry" : Label;
    }

    private sealed record Case(string Name, Func<IDagDefinition> Create, Func<BatonSandbox, string, CancellationToken, Task>? PrepareAsync = null);

    private sealed record Mode(string Name, double TargetP50Ms, Func<BatonSandbox, Dag, CancellationToken, Task<(TimeSpan Wall, DagRunRecord Run, long PeakBytes)>> RunAsync);

    private sealed record Measurement(
        int Tasks, TimeSpan Wall, double HandoffP50, double HandoffP99, double DispatchP50, double DispatchP99, long PeakWorkingSetBytes, long AllocatedBytes);
}
