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
                    : new Row(backend, kind, Sizes.GB, 2));
            }
        }

        return rows;
    }

    public async Task<ResultTable> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        // --telemetry-compare: each row twice per pass, without and with the SDK attached, next to each other in time.
        bool[] variants = options.CompareTelemetry ? [false, true] : [false];
        var rows = Rows().Where(r => options.Includes(r.Label)).SelectMany(r => variants.Select(t => r with { Telemetry = t })).ToList();
        var runnable = rows.Where(r => r.NotApplicable is null).ToList();
        var work = Path.Combine(options.HomeRoot, "xcom");
        var scratch = Path.Combine(work, "scratch");
        Directory.CreateDirectory(scratch);
        CheckFreeSpace(work, runnable);

        var table = new ResultTable(
            $"Scenario: {Name} — medians over the iterations of {options.MeasuredRuns} run(s) after {options.WarmupRuns} warm-up pass(es) over all rows; each iteration is one push+pull and one raw copy of the same bytes, back to back",
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
                    foreach (var row in runnable.GroupBy(r => r.Label, StringComparer.Ordinal).SelectMany(g => g.OrderBy(r => pass % 2 == 0 ? r.Telemetry : !r.Telemetry)))
                    {
                        // Large values warm up with one iteration: the code is the same for each, and the disk is what they cost.
                        var iterations = warm && row.AsStream ? 1 : row.Iterations;
                        var m = await RunOnceAsync(row, iterations, sandboxes[row.Backend].Get<XComService>(), data, scratch, pass, cancellationToken);
                        if (!warm)
                        {
                            measured[row].Add(m);
                        }

                        options.Progress?.WriteLine(
                            $"  {row.Label}{(row.Telemetry ? " + telemetry" : "")}: {(warm ? "warm-up" : "run")} {(warm ? pass : pass - options.WarmupRuns) + 1}: push {Rate(row.Bytes, Stats.Median(m.Ours.Select(o => o.Push)))} " +
                            $"pull {Rate(row.Bytes, Stats.Median(m.Ours.Select(o => o.Pull)))} push+pull {Rate(row.Bytes, Stats.Median(m.Ours.Select(o => o.Total)))} MB/s, " +
                            $"raw {Rate(row.Bytes, Stats.Median(m.Raw.Select(r => r.Total)))} MB/s, ratio {Stats.Median(m.Ratios()):F2}, peak WS {m.PeakWorkingSetBytes / Sizes.MB} MB");
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
        table.AddNote("  Stream, so they never sit in memory (except inline in SQLite). MB/s = size / median time per iteration.");
        table.AddNote("raw copy (the baseline, on the same bytes, right before or after each push+pull, alternately): push = open the source");
        table.AddNote("  file and CopyToAsync it into a new file (byte[]: write the array to a new file), pull = CopyToAsync that file into");
        table.AddNote("  another new file (byte[]: File.ReadAllBytesAsync). ratio = raw copy time / our time for push+pull per iteration");
        table.AddNote("  (1.0 = as fast as a raw copy), median over all measured iterations; push/pull ratio = the same for each half.");
        table.AddNote("  iters = measured iterations (runs x iterations per run). For 1 KB and 1 MB values the ratio compares fixed costs");
        table.AddNote("  (one file created, written, read and deleted against a row, an object with its metadata and manifest), not throughput.");
        table.AddNote("data: random = xoshiro256** bytes (incompressible); csv = sensor readings as CSV text (compressible);");
        table.AddNote($"  JSON record = a {OrderRecord.SampleJsonLength} B order record pushed and pulled as a C# object through the JSON serializer.");
        table.AddNote("For values of 64 MB and more, sync(2) before each push+pull and each raw copy, untimed: with GBs written per row, the");
        table.AddNote("  kernel's write-back of earlier files would otherwise land on whichever measurement runs next.");
        table.AddNote("stored = stored (compressed) size / value size. p50/p99 = of one push+pull, over all measured iterations.");
        table.AddNote("peak WS = largest Environment.WorkingSet of the whole process, sampled every 5 ms during a run (after an aggressive");
        table.AddNote("  GC at its start), the largest over the measured runs. alloc/op = GC.GetTotalAllocatedBytes per push+pull (median).");
        table.AddNote($"targets: ratio >= {RatioTarget:F1} for uncompressed values of 64 MB or more; peak WS < {WorkingSetTargetMb} MB for 1 GB values;");
        table.AddNote($"  a 1 KB push + pull through SQLite under {LatencyTargetMs:F0} ms p50. 1 GB cannot go inline: SQLite's largest blob is {SqliteMaxBlob:N0} bytes.");
        table.AddNote("  Inline values of 1 MB and more spend most of their time in SQLite's row write, not in the XCom pipeline: the blob's");
        table.AddNote("  4 KiB pages are written to the WAL and again at the checkpoint (which fsyncs): hundreds of pwrite calls per MB.");
        if (options.CompareTelemetry)
        {
            table.AddNote("+ telemetry: the same row with OpenTelemetry's SDK attached to the Baton source and meter for that run only");
            table.AddNote("  (batch span processor, metrics read every second, in-memory exporter that counts), measured right before or");
            table.AddNote("  after the row without (the order alternates by pass); attaching and detaching are outside the measurement.");
        }

        return table;
    }

    private static async Task<Measurement> RunOnceAsync(
        Row row, int iterations, XComService xcoms, TestData data, string scratch, int pass, CancellationToken cancellationToken)
    {
        var runId = $"run-{pass}";
        var ours = new Timing[iterations];
        var raw = new Timing[iterations];
        long allocated = 0;
        long stored = 0;

        // Attached before the heap is settled and the measurement starts; detached (flushed) after it ends.
        using var listeners = row.Telemetry ? new TelemetryListeners() : null;
        FileSystem.CollectGarbage();
        var sampler = WorkingSetSampler.Start();
        long peak;
        try
        {
            for (var i = 0; i < iterations; i++)
            {
                // The raw copy of the same bytes runs right before or after (alternately), so both see the same machine.
                var oursFirst = (pass + i) % 2 == 1;
                if (!oursFirst)
                {
                    raw[i] = await RawCopyAsync(row, data, scratch, cancellationToken);
                }

                var key = new XComKey(DagId, runId, row.TaskId, MapIndex: i);
                SyncIfLarge(row);
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                (ours[i], var pulled) = await PushPullAsync(row, key, xcoms, data, scratch, cancellationToken);
                allocated += GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

                // Untimed: check what came back, note the stored size once.
                if (i == 0)
                {
                    stored = (await xcoms.GetAsync(key, cancellationToken))!.Payload.Size;
                }

                Check(row, data, pulled, PulledFile(scratch));
                File.Delete(PulledFile(scratch));
                if (oursFirst)
                {
                    raw[i] = await RawCopyAsync(row, data, scratch, cancellationToken);
                }
            }
        }
        finally
        {
            peak = sampler.Stop();
            sampler.Dispose();
            await xcoms.DeleteAsync(new XComFilter { DagId = DagId, RunId = runId, TaskId = row.TaskId }, cancellationToken);
        }

        return new Measurement(ours, raw, peak, stored, allocated / iterations);
    }

    private static string PulledFile(string scratch) => Path.Combine(scratch, "pulled.bin");

    /// <summary>One push and one pull through Baton; returns their times and the value pulled.</summary>
    private static async Task<(Timing Timing, object Pulled)> PushPullAsync(Row row, XComKey key, XComService xcoms, TestData data, string scratch, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        switch (row.Shape)
        {
            case Shape.Stream:
                await xcoms.PushAsync(key, FileSystem.OpenSource(data.FileOf(row.Data, row.Size)), typeof(Stream), cancellationToken);
                break;
            case Shape.Record:
                await xcoms.PushAsync(key, data.Record, typeof(OrderRecord), cancellationToken);
                break;
            default:
                await xcoms.PushAsync(key, data.BytesOf(row.Data, row.Size), typeof(byte[]), cancellationToken);
                break;
        }

        var pushed = Stopwatch.GetTimestamp();
        object pulled;
        switch (row.Shape)
        {
            case Shape.Stream:
                var value = await xcoms.PullAsync<Stream>(key, cancellationToken);
                await using (value)
                {
                    await using var file = FileSystem.CreateDestination(PulledFile(scratch));
                    await value.CopyToAsync(file, cancellationToken);
                }

                pulled = value;
                break;
            case Shape.Record:
                pulled = await xcoms.PullAsync<OrderRecord>(key, cancellationToken);
                break;
            default:
                pulled = await xcoms.PullAsync<byte[]>(key, cancellationToken);
                break;
        }

        var done = Stopwatch.GetTimestamp();
        return (new Timing(Stopwatch.GetElapsedTime(started, pushed).TotalMilliseconds, Stopwatch.GetElapsedTime(pushed, done).TotalMilliseconds), pulled);
    }

    /// <summary>The baseline: the same bytes copied file to file (push), then that file to another (pull).</summary>
    private static async Task<Timing> RawCopyAsync(Row row, TestData data, string scratch, CancellationToken cancellationToken)
    {
        var copy = Path.Combine(scratch, "copy.bin");
        var back = Path.Combine(scratch, "copy-back.bin");
        SyncIfLarge(row);
        var started = Stopwatch.GetTimestamp();
        if (row.AsStream)
        {
            await using var source = FileSystem.OpenSource(data.FileOf(row.Data, row.Size));
            await using var target = FileSystem.CreateDestination(copy);
            await source.CopyToAsync(target, cancellationToken);
        }
        else
        {
            await using var target = FileSystem.CreateDestination(copy);
            await target.WriteAsync(data.BytesOf(row.Data, row.Size), cancellationToken);
        }

        var pushed = Stopwatch.GetTimestamp();
        if (row.AsStream)
        {
            await using var source = FileSystem.OpenSource(copy);
            await using var target = FileSystem.CreateDestination(back);
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

        var done = Stopwatch.GetTimestamp();
        File.Delete(copy);
        File.Delete(back);
        return new Timing(Stopwatch.GetElapsedTime(started, pushed).TotalMilliseconds, Stopwatch.GetElapsedTime(pushed, done).TotalMilliseconds);
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

    /// <summary>
    /// Before each push+pull and raw copy of a large value: no dirty pages left by what ran before. A GB of writes takes
    /// the kernel seconds to write back, and whichever measurement ran meanwhile would pay for it.
    /// </summary>
    private static void SyncIfLarge(Row row)
    {
        if (row.AsStream)
        {
            FileSystem.Sync();
        }
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
            table.AddRow(row.BackendLabel, row.Backend.Compression, row.DataLabel, Sizes.Label(row.Size), "-", "n/a", "n/a", "n/a", "n/a", "n/a", "-", "-", "-", "-", "-",
                row.NotApplicable ?? "n/a");
            return;
        }

        var ours = runs.SelectMany(r => r.Ours).ToList();
        var raws = runs.SelectMany(r => r.Raw).ToList();
        var push = Stats.Median(ours.Select(o => o.Push));
        var pull = Stats.Median(ours.Select(o => o.Pull));
        var both = Stats.Median(ours.Select(o => o.Total));
        var raw = Stats.Median(raws.Select(r => r.Total));
        var ratio = Stats.Median(runs.SelectMany(r => r.Ratios()));
        var pushRatio = Stats.Median(runs.SelectMany(r => r.Ours.Zip(r.Raw, (o, b) => b.Push / o.Push)));
        var pullRatio = Stats.Median(runs.SelectMany(r => r.Ours.Zip(r.Raw, (o, b) => b.Pull / o.Pull)));
        var p50 = Stats.Percentile(ours.Select(o => o.Total), 50);
        var p99 = Stats.Percentile(ours.Select(o => o.Total), 99);
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
            row.BackendLabel, row.Backend.Compression, row.DataLabel, Sizes.Label(row.Size), ours.Count.ToString(CultureInfo.InvariantCulture),
            Rate(row.Bytes, push), Rate(row.Bytes, pull), Rate(row.Bytes, both), Rate(row.Bytes, raw),
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
        /// <summary>Measured with OpenTelemetry's SDK attached (<c>--telemetry-compare</c>).</summary>
        public bool Telemetry { get; init; }

        public string BackendLabel => Telemetry ? $"{Backend.Backend} + telemetry" : Backend.Backend;

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

    /// <summary>One push+pull (or raw copy), in milliseconds.</summary>
    private readonly record struct Timing(double Push, double Pull)
    {
        public double Total => Push + Pull;
    }

    private sealed record Measurement(Timing[] Ours, Timing[] Raw, long PeakWorkingSetBytes, long StoredBytes, long AllocatedPerOp)
    {
        /// <summary>Raw copy time / our time, per iteration.</summary>
        public IEnumerable<double> Ratios() => Ours.Zip(Raw, (o, r) => r.Total / o.Total);
    }
}
