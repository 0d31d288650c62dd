using System.Diagnostics;
using System.Globalization;
using Baton.Benchmarks.Infrastructure;
using Baton.Dags;
using Baton.XComs;

namespace Baton.Benchmarks.XComs;

/// <summary>
/// The XCom data path: push + pull of 1 KB to 1 GB values with <see cref="XComService"/> through the database backend
/// (SQLite, inline) and the object-storage backend on a local directory (no compression and zstd), each measured in turn
/// with a raw file copy of the same bytes (<see cref="Stream.CopyToAsync(Stream)"/> file to file) as the baseline.
/// </summary>
internal sealed class XComScenario : IBenchmarkScenario
{
    private const string DagId = "bench_xcom";
    private const double RatioTarget = 0.8;
    private const long WorkingSetTargetMb = 256;
    private const double LatencyTargetMs = 2;

    /// <summary>SQLite's default SQLITE_MAX_LENGTH: no blob (so no inline value) can be longer.</summary>
    private const long SqliteMaxBlob = 1_000_000_000;

    private static readonly BackendSetup Database = new("database", "none");
    private static readonly BackendSetup ObjectStorage = new("objectstorage", "none");
    private static readonly BackendSetup ObjectStorageZstd = new("objectstorage", "zstd");

    public string Name => "xcom";

    public string Description => "push + pull of 1 KB to 1 GB values through the database and object-storage backends, against a raw file copy";

    private static List<Row> Rows()
    {
        var rows = new List<Row>();
        foreach (var backend in new[] { Database, ObjectStorage, ObjectStorageZstd })
        {
            // 2,000 iterations give the 1 KB SQLite row a p99 worth reading; the store's rows make do with fewer.
            var small = backend == Database ? 2000 : 500;
            rows.Add(new Row(backend, DataKind.Random, Sizes.KB, small));
            rows.Add(new Row(backend, DataKind.JsonRecord, Sizes.KB, small));
            var kinds = backend.Compression == "none" ? new[] { DataKind.Random } : [DataKind.Random, DataKind.Csv];
            foreach (var kind in kinds)
            {
                rows.Add(new Row(backend, kind, Sizes.MB, 50));
                rows.Add(new Row(backend, kind, 64 * Sizes.MB, 4));
                rows.Add(backend == Database
                    ? new Row(backend, kind, Sizes.GB, 1, NotApplicable: "n/a (SQLite blob limit)")
                    : new Row(backend, kind, Sizes.GB, 1));
            }
        }

        return rows;
    }

    public async Task<ResultTable> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rows = Rows().Where(r => options.Includes(r.Label)).ToList();
        var runnable = rows.Where(r => r.NotApplicable is null).ToList();
        var work = Path.Combine(options.HomeRoot, "xcom");
        var scratch = Path.Combine(work, "scratch");
        Directory.CreateDirectory(scratch);
        CheckFreeSpace(work, runnable);

        var table = new ResultTable(
            $"Scenario: {Name} — median of {options.MeasuredRuns} run(s) after {options.WarmupRuns} warm-up pass(es) over all rows; each run is N push+pull iterations, then N raw copies",
            "backend", "compr.", "data", "size", "iters", "push MB/s", "pull MB/s", "push+pull MB/s", "raw copy MB/s", "ratio", "push/pull ratio",
            "stored", "p50/p99 ms", "peak WS MB", "alloc/op", "targets");
        try
        {
            using var data = await TestData.CreateAsync(
                Path.Combine(work, "data"), runnable.Select(r => (r.Data, r.Size, r.AsStream)), options.Progress, cancellationToken);
            FileSystem.Sync();
            var sandboxes = new Dictionary<BackendSetup, BatonSandbox>();
            try
            {
                foreach (var backend in runnable.Select(r => r.Backend).Distinct())
                {
                    var name = $"home-xcom-{backend.Backend}-{backend.Compression}";
                    var home = Path.Combine(options.HomeRoot, name);
                    sandboxes[backend] = await BatonSandbox.CreateAsync(
                        options.HomeRoot, DagBag.FromDefinitions([]), backend.Settings(home), cancellationToken, name);
                }

                var measured = runnable.ToDictionary(r => r, _ => new List<Measurement>());
                for (var pass = 0; pass < options.WarmupRuns + options.MeasuredRuns; pass++)
                {
                    var warm = pass < options.WarmupRuns;
                    foreach (var row in runnable)
                    {
                        var m = await RunOnceAsync(row, sandboxes[row.Backend].Get<XComService>(), data, scratch, pass, cancellationToken);
                        if (!warm)
                        {
                            measured[row].Add(m);
                        }

                        options.Progress?.WriteLine(
                            $"  {row.Label}: {(warm ? "warm-up" : "run")} {(warm ? pass : pass - options.WarmupRuns) + 1}: push {Rate(row.Bytes, m.PushMs)} pull {Rate(row.Bytes, m.PullMs)} " +
                            $"push+pull {Rate(row.Bytes, m.PushMs + m.PullMs)} MB/s, raw {Rate(row.Bytes, m.BaselinePushMs + m.BaselinePullMs)} MB/s, ratio {m.Ratio:F2}, " +
                            $"peak WS {m.PeakWorkingSetBytes / Sizes.MB} MB");
                    }
                }

                foreach (var row in rows)
                {
                    AddRow(table, row, row.NotApplicable is null ? measured[row] : []);
                }
            }
            finally
            {
                foreach (var sandbox in sandboxes.Values)
                {
                    await sandbox.DisposeAsync();
                }
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        table.AddNote("backends: database = SQLite inline (BATON__XCOM__MAX_INLINE_SIZE=1000000000; the default is 1 MiB); objectstorage =");
        table.AddNote("  BATON__XCOM__PATH=file:// a directory beside the home, BATON__XCOM__THRESHOLD=0, BATON__XCOM__COMPRESSION as shown.");
        table.AddNote("MB = 2^20 bytes. push = XComService.PushAsync; pull = PullAsync (byte[] or the record; for Streams, copying the pulled");
        table.AddNote("  Stream into a new file). Values of 64 MB and more are pushed as a FileStream of a pre-generated file and pulled as a");
        table.AddNote("  Stream, so they never sit in memory (except inline in SQLite). push+pull MB/s = size / (push time + pull time).");
        table.AddNote("raw copy (baseline, same bytes, same run, right after or before each row's iterations): push = open the source file and");
        table.AddNote("  CopyToAsync it into a new file (byte[]: write the array to a new file), pull = CopyToAsync that file into another new");
        table.AddNote("  file (byte[]: File.ReadAllBytesAsync). ratio = raw copy time / our time for push+pull (1.0 = as fast as a raw copy);");
        table.AddNote("  push/pull ratio = the same for each half. Each is computed per run, then the median is taken.");
        table.AddNote("data: random = xoshiro256** bytes (incompressible); csv = sensor readings as CSV text (compressible);");
        table.AddNote($"  JSON record = a {OrderRecord.SampleJsonLength} B order record pushed and pulled as a C# object through the JSON serializer.");
        table.AddNote("Before each half of a row: sync(2) for values of 64 MB and more (no write-back of earlier files during the row),");
        table.AddNote("  then an aggressive GC. Neither is timed.");
        table.AddNote("stored = stored (compressed) size / value size. p50/p99 = per push+pull, over the run's iterations (median over runs).");
        table.AddNote("peak WS = largest Environment.WorkingSet of the whole process, sampled every 5 ms during the row's push+pull iterations,");
        table.AddNote("  after an aggressive GC; the largest over the measured runs. alloc/op = GC.GetTotalAllocatedBytes per push+pull (median).");
        table.AddNote($"targets: ratio >= {RatioTarget:F1} for uncompressed values of 64 MB or more; peak WS < {WorkingSetTargetMb} MB for 1 GB values;");
        table.AddNote($"  a 1 KB push + pull through SQLite under {LatencyTargetMs:F0} ms p50. 1 GB cannot go inline: SQLite's largest blob is {SqliteMaxBlob:N0} bytes.");
        table.AddNote("  Inline values of 1 MB and more spend most of their time in SQLite's row write, not in the XCom pipeline: the blob's");
        table.AddNote("  4 KiB pages are written to the WAL and again at the checkpoint (which fsyncs): hundreds of pwrite calls per MB.");
        return table;
    }

    private static async Task<Measurement> RunOnceAsync(Row row, XComService xcoms, TestData data, string scratch, int pass, CancellationToken cancellationToken)
    {
        // Which half goes first alternates, so neither always follows the other's garbage or dirty pages.
        if (pass % 2 == 0)
        {
            var (basePush, basePull) = await RunBaselineAsync(row, data, scratch, cancellationToken);
            var ours = await RunXComsAsync(row, xcoms, data, scratch, pass, cancellationToken);
            return ours with { BaselinePushMs = basePush, BaselinePullMs = basePull };
        }
        else
        {
            var ours = await RunXComsAsync(row, xcoms, data, scratch, pass, cancellationToken);
            var (basePush, basePull) = await RunBaselineAsync(row, data, scratch, cancellationToken);
            return ours with { BaselinePushMs = basePush, BaselinePullMs = basePull };
        }
    }

    private static async Task<Measurement> RunXComsAsync(Row row, XComService xcoms, TestData data, string scratch, int pass, CancellationToken cancellationToken)
    {
        var runId = $"run-{pass}";
        var latencies = new double[row.Iterations];
        double push = 0, pull = 0;
        long stored = 0;
        var destination = Path.Combine(scratch, "pulled.bin");

        Settle(row);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var sampler = WorkingSetSampler.Start();
        long peak;
        long allocated;
        try
        {
            for (var i = 0; i < row.Iterations; i++)
            {
                var key = new XComKey(DagId, runId, row.TaskId, MapIndex: i);
                var started = Stopwatch.GetTimestamp();
                switch (row.Shape)
                {
                    case Shape.Stream:
                        await xcoms.PushAsync(key, OpenSource(data.FileOf(row.Data, row.Size)), typeof(Stream), cancellationToken);
                        break;
                    case Shape.Record:
                        await xcoms.PushAsync(key, data.Record, typeof(OrderRecord), cancellationToken);
                        break;
                    default:
                        await xcoms.PushAsync(key, data.BytesOf(row.Data, row.Size), typeof(byte[]), cancellationToken);
                        break;
                }

                var pushed = Stopwatch.GetTimestamp();
                object pulledValue;
                switch (row.Shape)
                {
                    case Shape.Stream:
                        var value = await xcoms.PullAsync<Stream>(key, cancellationToken);
                        await using (value)
                        {
                            await using var file = CreateDestination(destination);
                            await value.CopyToAsync(file, cancellationToken);
                        }

                        pulledValue = value;
                        break;
                    case Shape.Record:
                        pulledValue = await xcoms.PullAsync<OrderRecord>(key, cancellationToken);
                        break;
                    default:
                        pulledValue = await xcoms.PullAsync<byte[]>(key, cancellationToken);
                        break;
                }

                var pulled = Stopwatch.GetTimestamp();
                push += Stopwatch.GetElapsedTime(started, pushed).TotalMilliseconds;
                pull += Stopwatch.GetElapsedTime(pushed, pulled).TotalMilliseconds;
                latencies[i] = Stopwatch.GetElapsedTime(started, pulled).TotalMilliseconds;

                // Untimed: check what came back, note the stored size once.
                if (i == 0)
                {
                    stored = (await xcoms.GetAsync(key, cancellationToken))!.Payload.Size;
                }

                Check(row, data, pulledValue, destination);
                File.Delete(destination);
            }
        }
        finally
        {
            peak = sampler.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            sampler.Dispose();
            await xcoms.DeleteAsync(new XComFilter { DagId = DagId, RunId = runId, TaskId = row.TaskId }, cancellationToken);
        }

        return new Measurement(push, pull, 0, 0, peak, stored, Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99), allocated / row.Iterations);
    }

    private static async Task<(double Push, double Pull)> RunBaselineAsync(Row row, TestData data, string scratch, CancellationToken cancellationToken)
    {
        var copy = Path.Combine(scratch, "copy.bin");
        var back = Path.Combine(scratch, "copy-back.bin");
        double push = 0, pull = 0;
        Settle(row);
        for (var i = 0; i < row.Iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            if (row.AsStream)
            {
                await using var source = OpenSource(data.FileOf(row.Data, row.Size));
                await using var target = CreateDestination(copy);
                await source.CopyToAsync(target, cancellationToken);
            }
            else
            {
                await using var target = CreateDestination(copy);
                await target.WriteAsync(data.BytesOf(row.Data, row.Size), cancellationToken);
            }

            var pushed = Stopwatch.GetTimestamp();
            if (row.AsStream)
            {
                await using var source = OpenSource(copy);
                await using var target = CreateDestination(back);
                await source.CopyToAsync(target, cancellationToken);
            }
            else
            {
                var bytes = await File.ReadAllBytesAsync(copy, cancellationToken);
                if (bytes.Length != row.Bytes)
                {
                    throw new InvalidOperationException($"{row.Label}: raw copy read {bytes.Length} bytes");
                }
            }

            var pulled = Stopwatch.GetTimestamp();
            push += Stopwatch.GetElapsedTime(started, pushed).TotalMilliseconds;
            pull += Stopwatch.GetElapsedTime(pushed, pulled).TotalMilliseconds;
            File.Delete(copy);
            File.Delete(back);
        }

        return (push, pull);
    }

    private static void Check(Row row, TestData data, object pulled, string destination)
    {
        var ok = row.Shape switch
        {
            Shape.Stream => new FileInfo(destination).Length == row.Size,
            Shape.Record => pulled is OrderRecord r && r.OrderId == data.Record.OrderId && r.Lines.SequenceEqual(data.Record.Lines),
            _ => pulled is byte[] b && b.AsSpan().SequenceEqual(data.BytesOf(row.Data, row.Size)),
        };
        if (!ok)
        {
            throw new InvalidOperationException($"{row.Label}: the pulled value differs from the pushed one");
        }
    }

    // What a task would write: plain async FileStreams with the default buffer, read sequentially.
    private static FileStream OpenSource(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static FileStream CreateDestination(string path) =>
        new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);

    /// <summary>Before each half of a row: no garbage, and for large values no dirty pages, left by what ran before.</summary>
    private static void Settle(Row row)
    {
        if (row.AsStream)
        {
            FileSystem.Sync();
        }

        CollectGarbage();
    }

    private static void CollectGarbage()
    {
        // Aggressive: also gives the freed memory back to the OS, so one row's peak does not carry into the next.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    private static void CheckFreeSpace(string directory, IReadOnlyList<Row> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var full = Path.GetFullPath(directory);
        var drive = DriveInfo.GetDrives()
            .Where(d => d.IsReady && full.StartsWith(d.RootDirectory.FullName, StringComparison.Ordinal))
            .MaxBy(d => d.RootDirectory.FullName.Length);
        if (drive is null)
        {
            return;
        }

        // The source files stay for the whole scenario; at most three copies of the largest value exist beside them at once
        // (the object and the pulled file, or the two raw copies; the SQLite database and its WAL for an inline value).
        var sources = rows.Where(r => r.AsStream).Select(r => (r.Data, r.Size)).Distinct().Sum(s => s.Size);
        var needed = sources + (3 * rows.Max(r => r.Size)) + (512 * Sizes.MB);
        if (drive.AvailableFreeSpace < needed)
        {
            throw new InvalidOperationException(
                $"the xcom scenario needs about {needed / Sizes.MB:N0} MB free under {full}, but {drive.Name} has {drive.AvailableFreeSpace / Sizes.MB:N0} MB; " +
                "choose another place with --root, or fewer rows with --filter");
        }
    }

    private static void AddRow(ResultTable table, Row row, List<Measurement> runs)
    {
        if (runs.Count == 0)
        {
            table.AddRow(row.Backend.Backend, row.Backend.Compression, row.DataLabel, Sizes.Label(row.Size), "-", "n/a", "n/a", "n/a", "n/a", "n/a", "-", "-", "-", "-", "-",
                row.NotApplicable ?? "n/a");
            return;
        }

        var push = Stats.Median(runs.Select(r => r.PushMs));
        var pull = Stats.Median(runs.Select(r => r.PullMs));
        var both = Stats.Median(runs.Select(r => r.PushMs + r.PullMs));
        var raw = Stats.Median(runs.Select(r => r.BaselinePushMs + r.BaselinePullMs));
        var ratio = Stats.Median(runs.Select(r => r.Ratio));
        var pushRatio = Stats.Median(runs.Select(r => r.BaselinePushMs / r.PushMs));
        var pullRatio = Stats.Median(runs.Select(r => r.BaselinePullMs / r.PullMs));
        var p50 = Stats.Median(runs.Select(r => r.P50Ms));
        var p99 = Stats.Median(runs.Select(r => r.P99Ms));
        var peakMb = runs.Max(r => r.PeakWorkingSetBytes) / (double)Sizes.MB;
        var stored = runs[0].StoredBytes / (double)row.Bytes;

        var targets = new List<string>();
        if (row.Size >= 64 * Sizes.MB && row.Backend.Compression == "none")
        {
            targets.Add($"ratio >= {RatioTarget:F1} {(ratio >= RatioTarget ? "PASS" : "FAIL")}");
        }

        if (row.Size >= Sizes.GB)
        {
            targets.Add($"WS < {WorkingSetTargetMb} MB {(peakMb < WorkingSetTargetMb ? "PASS" : "FAIL")}");
        }

        if (row.Backend == Database && row.Size <= Sizes.KB)
        {
            targets.Add($"p50 < {LatencyTargetMs:F0} ms {(p50 < LatencyTargetMs ? "PASS" : "FAIL")}");
        }

        table.AddRow(
            row.Backend.Backend, row.Backend.Compression, row.DataLabel, Sizes.Label(row.Size), row.Iterations.ToString(CultureInfo.InvariantCulture),
            Rate(row.Bytes, push / row.Iterations), Rate(row.Bytes, pull / row.Iterations), Rate(row.Bytes, both / row.Iterations), Rate(row.Bytes, raw / row.Iterations),
            ratio.ToString("F2", CultureInfo.InvariantCulture),
            $"{pushRatio.ToString("F2", CultureInfo.InvariantCulture)} / {pullRatio.ToString("F2", CultureInfo.InvariantCulture)}",
            stored.ToString("P0", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal),
            $"{Ms(p50)} / {Ms(p99)}",
            peakMb.ToString("F0", CultureInfo.InvariantCulture),
            Bytes(Stats.Median(runs.Select(r => (double)r.AllocatedPerOp))),
            string.Join("; ", targets));
    }

    private static string Rate(long bytes, double ms) =>
        (bytes / (double)Sizes.MB / (ms / 1000)).ToString(bytes >= Sizes.MB ? "F0" : "F2", CultureInfo.InvariantCulture);

    private static string Ms(double value) => value.ToString(value >= 100 ? "F0" : value >= 1 ? "F2" : "F3", CultureInfo.InvariantCulture);

    private static string Bytes(double value) => value >= Sizes.MB
        ? (value / Sizes.MB).ToString("F1", CultureInfo.InvariantCulture) + " MB"
        : (value / Sizes.KB).ToString("F1", CultureInfo.InvariantCulture) + " KB";

    private sealed record BackendSetup(string Backend, string Compression)
    {
        public Dictionary<string, string> Settings(string home) => Backend == "database"
            ? new(StringComparer.Ordinal)
            {
                ["BATON__XCOM__BACKEND"] = "database",
                ["BATON__XCOM__COMPRESSION"] = Compression,
                ["BATON__XCOM__MAX_INLINE_SIZE"] = SqliteMaxBlob.ToString(CultureInfo.InvariantCulture),
            }
            : new(StringComparer.Ordinal)
            {
                ["BATON__XCOM__BACKEND"] = "objectstorage",
                ["BATON__XCOM__PATH"] = new Uri(Path.Combine(home, "objects")).AbsoluteUri,
                ["BATON__XCOM__THRESHOLD"] = "0",
                ["BATON__XCOM__COMPRESSION"] = Compression,
            };
    }

    private enum Shape
    {
        Bytes,
        Stream,
        Record,
    }

    private sealed record Row(BackendSetup Backend, DataKind Data, long Size, int Iterations, string? NotApplicable = null)
    {
        public Shape Shape => Data == DataKind.JsonRecord ? Shape.Record : Size >= 64 * Sizes.MB ? Shape.Stream : Shape.Bytes;

        public bool AsStream => Shape == Shape.Stream;

        public string DataLabel => Data switch
        {
            DataKind.JsonRecord => "JSON record",
            DataKind.Csv => AsStream ? "csv, Stream" : "csv, byte[]",
            _ => AsStream ? "random, Stream" : "random, byte[]",
        };

        /// <summary>The value's bytes as the serializer writes them (the record's JSON, else the size).</summary>
        public long Bytes => Data == DataKind.JsonRecord ? OrderRecord.SampleJsonLength : Size;

        public string TaskId => $"{Backend.Backend}_{Backend.Compression}_{Data}_{Size}".ToLowerInvariant();

        public string Label => $"{Backend.Backend} / {Backend.Compression} / {Data.ToString().ToLowerInvariant()} / {Sizes.Label(Size)}";
    }

    private sealed record Measurement(
        double PushMs, double PullMs, double BaselinePushMs, double BaselinePullMs, long PeakWorkingSetBytes, long StoredBytes, double P50Ms, double P99Ms,
        long AllocatedPerOp)
    {
        public double Ratio => (BaselinePushMs + BaselinePullMs) / (PushMs + PullMs);
    }
}
