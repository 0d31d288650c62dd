using System.Diagnostics;
using System.Globalization;
using Baton.Benchmarks.Infrastructure;
using Baton.Benchmarks.XComs;
using Baton.Dags;
using Baton.XComs;

namespace Baton.Benchmarks.Stores;

/// <summary>
/// The object-storage XCom backend on S3, GCS and Azure (their local emulators): push + pull of 1 KB, 64 MB and 1 GB
/// values (100 MB on the GCS emulator) with <see cref="XComService"/>, each iteration paired with the bare SDK putting and
/// getting the same bytes.
/// </summary>
/// <remarks>
/// The emulators are slow (Azurite moves 25–45 MB/s), so the scenario keeps its own small counts instead of --runs and
/// --warmup: one warm-up iteration of every row below 1 GB, then 20 iterations of 1 KB, 5 of 64 MB (the emulators vary ±10% between iterations) and 2 of the largest.
/// </remarks>
internal sealed class StoreScenario : IBenchmarkScenario
{
    private const string DagId = "bench_stores";
    private const double RatioTarget = 0.9;
    private const long WorkingSetTargetMb = 256;

    public string Name => "stores";

    public string Description => "push + pull of 1 KB to 1 GB values through the object-storage backend on S3, GCS and Azure (emulators), against the bare SDK";

    private static List<Row> Rows(IEnumerable<StoreTarget> targets)
    {
        var rows = new List<Row>();
        foreach (var target in targets)
        {
            if (!target.LargeValuesOnly)
            {
                rows.Add(new Row(target, Sizes.KB, 20));
            }

            rows.Add(new Row(target, 64 * Sizes.MB, 5));
            rows.Add(new Row(target, Math.Min(Sizes.GB, target.MaxValueSize), 2));
        }

        return rows;
    }

    public async Task<ResultTable> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var onlyStore = Environment.GetEnvironmentVariable(StoreProcess.StoreVariable);
        StoreTarget[] targets = [new S3Target(), new S3Target(singleRequest: true), new GcsTarget(), new AzureTarget()];
        var rows = Rows(targets.Where(t => onlyStore is null || t.Name == onlyStore)).Where(r => options.Includes(r.Label)).ToList();
        var table = CreateTable();
        var stores = rows.Select(r => r.Target.Name).Distinct().ToList();
        try
        {
            if (onlyStore is null && stores.Count > 1)
            {
                // Each store in a process of its own, so the working set of one store's rows does not carry what an
                // earlier store's SDK and buffers left behind.
                foreach (var store in stores)
                {
                    foreach (var cells in await StoreProcess.RunAsync(store, options.Progress, cancellationToken))
                    {
                        table.AddRow(cells);
                    }
                }
            }
            else
            {
                await RunInProcessAsync(rows, table, options, cancellationToken);
                if (onlyStore is not null)
                {
                    StoreProcess.WriteRows(table);
                }
            }
        }
        finally
        {
            foreach (var target in targets)
            {
                await target.DisposeAsync();
            }
        }

        AddNotes(table);
        return table;
    }

    private ResultTable CreateTable() => new(
        $"Scenario: {Name} — medians over the measured iterations (1 warm-up iteration per row below 1 GB first); each iteration is one Baton push+pull and one bare SDK put+get of the same bytes, back to back",
        "store", "size", "iters", "push MB/s", "pull MB/s", "push+pull MB/s", "SDK baseline put", "bare SDK MB/s", "SDK put / get MB/s", "ratio", "WS before MB", "peak WS MB", "targets");

    private static async Task RunInProcessAsync(List<Row> rows, ResultTable table, BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var work = Path.Combine(options.HomeRoot, "stores");
        var scratch = Path.Combine(work, "scratch");
        Directory.CreateDirectory(scratch);
        var sandboxes = new Dictionary<StoreTarget, BatonSandbox>();
        try
        {
            using var data = await TestData.CreateAsync(
                Path.Combine(work, "data"), rows.Select(r => (DataKind.Random, r.Size, r.AsStream)), options.Progress, cancellationToken);
            FileSystem.Sync();
            var prefix = $"bench-{Environment.ProcessId}";
            foreach (var target in rows.Select(r => r.Target).Distinct())
            {
                var settings = await target.PrepareAsync(prefix, cancellationToken);
                settings["BATON__XCOM__BACKEND"] = "objectstorage";
                settings["BATON__XCOM__THRESHOLD"] = "0";
                settings["BATON__XCOM__COMPRESSION"] = "none";
                var name = $"home-stores-{target.Name}-{target.Baseline(file: true)}";
                sandboxes[target] = await BatonSandbox.CreateAsync(
                    options.HomeRoot, DagBag.FromDefinitions([]), settings, cancellationToken, name, target.ConfigureServices);
            }

            foreach (var row in rows)
            {
                var xcoms = sandboxes[row.Target].Get<XComService>();
                if (row.Size < Sizes.GB)
                {
                    await RunAsync(row, 1, xcoms, data, scratch, prefix, "warmup", cancellationToken);
                }

                var m = await RunAsync(row, row.Iterations, xcoms, data, scratch, prefix, "run", cancellationToken);
                options.Progress?.WriteLine(
                    $"  {row.Label} vs {row.Target.Baseline(row.AsStream)}: push {Rate(row.Size, Stats.Median(m.Ours.Select(o => o.Push)))} pull {Rate(row.Size, Stats.Median(m.Ours.Select(o => o.Pull)))} " +
                    $"push+pull {Rate(row.Size, Stats.Median(m.Ours.Select(o => o.Total)))} MB/s, SDK {Rate(row.Size, Stats.Median(m.Sdk.Select(o => o.Total)))} MB/s, " +
                    $"ratio {Stats.Median(m.Ratios()):F2}, peak WS {m.PeakWorkingSetBytes / Sizes.MB} MB");
                AddRow(table, row, m);
            }
        }
        finally
        {
            foreach (var sandbox in sandboxes.Values)
            {
                await sandbox.DisposeAsync();
            }

            Directory.Delete(work, recursive: true);
        }
    }

    private static void AddNotes(ResultTable table)
    {
        table.AddNote("stores (local emulators): s3 = s3rver 127.0.0.1:4568, gcs = firebase Storage emulator 127.0.0.1:9199, azure = Azurite 127.0.0.1:10000.");
        table.AddNote("  Each store's rows run in a process of their own (started by this one), so no row carries another store's memory.");
        table.AddNote("  Baton: BATON__XCOM__BACKEND=objectstorage, PATH=s3:// gs:// az://conn@baton-bench/prefix, THRESHOLD=0, COMPRESSION=none,");
        table.AddNote("  the provider registered with AddBatonS3 / AddBatonGcs / AddBatonAzure and the connection in BATON_CONN_*.");
        table.AddNote("  The GCS emulator caps a request body at 130 MB and keeps only a resumable upload's first chunk: its largest row is");
        table.AddNote($"  100 MB, and its connection's chunk_size is {GcsTarget.ChunkSize / Sizes.MB} MiB (the whole value is one chunk, held in memory).");
        table.AddNote("MB = 2^20 bytes; MB/s = size / median time. push = XComService.PushAsync, pull = PullAsync; 1 KB as byte[]; 64 MB and more");
        table.AddNote("  pushed as a FileStream of a pre-generated random file and pulled as a Stream copied into a new file.");
        table.AddNote("bare SDK (baseline, same bytes, right before or after each push+pull, alternately), with the client the provider builds");
        table.AddNote("  for the connection: s3 = TransferUtility.UploadAsync(file) (the SDK's file upload: multipart above 16 MB, 10 parts at");
        table.AddNote("  once) or one PutObject from the file (second s3 rows) + GetObject copied to a file; gcs = StorageClient.UploadObject");
        table.AddNote("  (same endpoint and chunk size) + DownloadObject to a file; azure = BlobClient.UploadAsync(file) / DownloadToAsync(file)");
        table.AddNote("  with the provider's transfer options (8 MiB blocks, 4 at once). 1 KB: put from / get into memory.");
        table.AddNote("  ratio = SDK time / Baton time for the whole put+get, per iteration, median.");
        table.AddNote("  For 1 KB the ratio compares fixed costs (Baton also writes the XCom row and object metadata), not throughput.");
        table.AddNote("  Baton streams a value of unknown length, so above one part (8 MiB) it uploads in parts like TransferUtility. s3rver");
        table.AddNote("  completes a multipart upload by reading all parts back and writing the object again, so against one PutObject every");
        table.AddNote("  multipart upload on it, the SDK's own included, moves the bytes through the emulator's disk twice.");
        table.AddNote("peak WS = largest Environment.WorkingSet sampled every 5 ms during Baton's push+pull only (after an aggressive GC);");
        table.AddNote("  WS before = the largest working set right before a push+pull, after that GC: what the process already held (the");
        table.AddNote("  runtime, the SDKs, earlier rows' buffers the GC does not give back), so peak - before is roughly what the push+pull added.");
        table.AddNote("sync(2) before each large push+pull and SDK put+get, untimed. The emulators run on this machine and share its CPU and disk.");
        table.AddNote($"targets: ratio >= {RatioTarget:F1} for values of 64 MB or more; peak WS < {WorkingSetTargetMb} MB for 1 GB values.");
    }

    private static async Task<Measurement> RunAsync(
        Row row, int iterations, XComService xcoms, TestData data, string scratch, string prefix, string runId, CancellationToken cancellationToken)
    {
        var ours = new Timing[iterations];
        var sdk = new Timing[iterations];
        long peak = 0;
        long before = 0;
        try
        {
            for (var i = 0; i < iterations; i++)
            {
                var oursFirst = i % 2 == 0;
                if (!oursFirst)
                {
                    sdk[i] = await SdkAsync(row, data, scratch, $"{prefix}-sdk/{runId}-{i}", cancellationToken);
                }

                var key = new XComKey(DagId, runId, row.TaskId, MapIndex: i);
                SyncIfLarge(row);
                FileSystem.CollectGarbage();
                before = Math.Max(before, Environment.WorkingSet);
                using (var sampler = WorkingSetSampler.Start())
                {
                    ours[i] = await PushPullAsync(row, key, xcoms, data, scratch, cancellationToken);
                    peak = Math.Max(peak, sampler.Stop());
                }

                if (oursFirst)
                {
                    sdk[i] = await SdkAsync(row, data, scratch, $"{prefix}-sdk/{runId}-{i}", cancellationToken);
                }
            }
        }
        finally
        {
            await xcoms.DeleteAsync(new XComFilter { DagId = DagId, RunId = runId, TaskId = row.TaskId }, cancellationToken);
        }

        return new Measurement(ours, sdk, peak, before);
    }

    private static async Task<Timing> PushPullAsync(Row row, XComKey key, XComService xcoms, TestData data, string scratch, CancellationToken cancellationToken)
    {
        var pulledFile = Path.Combine(scratch, "pulled.bin");
        var started = Stopwatch.GetTimestamp();
        if (row.AsStream)
        {
            await xcoms.PushAsync(key, FileSystem.OpenSource(data.FileOf(DataKind.Random, row.Size)), typeof(Stream), cancellationToken);
        }
        else
        {
            await xcoms.PushAsync(key, data.BytesOf(DataKind.Random, row.Size), typeof(byte[]), cancellationToken);
        }

        var pushed = Stopwatch.GetTimestamp();
        long length;
        if (row.AsStream)
        {
            var value = await xcoms.PullAsync<Stream>(key, cancellationToken);
            await using (value)
            {
                await using var file = FileSystem.CreateDestination(pulledFile);
                await value.CopyToAsync(file, cancellationToken);
                length = file.Length;
            }
        }
        else
        {
            var bytes = await xcoms.PullAsync<byte[]>(key, cancellationToken);
            length = bytes.Length;
            if (!bytes.AsSpan().SequenceEqual(data.BytesOf(DataKind.Random, row.Size)))
            {
                throw new InvalidOperationException($"{row.Label}: the pulled value differs from the pushed one");
            }
        }

        var done = Stopwatch.GetTimestamp();
        File.Delete(pulledFile);
        Check(row, length, "Baton pull");
        return new Timing(Stopwatch.GetElapsedTime(started, pushed).TotalMilliseconds, Stopwatch.GetElapsedTime(pushed, done).TotalMilliseconds);
    }

    private static async Task<Timing> SdkAsync(Row row, TestData data, string scratch, string key, CancellationToken cancellationToken)
    {
        var target = row.Target;
        var pulledFile = Path.Combine(scratch, "sdk-pulled.bin");
        SyncIfLarge(row);
        var started = Stopwatch.GetTimestamp();
        if (row.AsStream)
        {
            await target.PutAsync(key, data.FileOf(DataKind.Random, row.Size), null, cancellationToken);
        }
        else
        {
            await target.PutAsync(key, null, data.BytesOf(DataKind.Random, row.Size), cancellationToken);
        }

        var pushed = Stopwatch.GetTimestamp();
        var length = await target.GetAsync(key, row.AsStream ? pulledFile : null, cancellationToken);
        var done = Stopwatch.GetTimestamp();
        File.Delete(pulledFile);
        await target.DeleteAsync(key, cancellationToken);
        Check(row, length, "SDK get");
        return new Timing(Stopwatch.GetElapsedTime(started, pushed).TotalMilliseconds, Stopwatch.GetElapsedTime(pushed, done).TotalMilliseconds);
    }

    private static void Check(Row row, long length, string what)
    {
        if (length != row.Size)
        {
            throw new InvalidOperationException($"{row.Label}: {what} gave {length} bytes, not {row.Size}");
        }
    }

    private static void SyncIfLarge(Row row)
    {
        if (row.AsStream)
        {
            FileSystem.Sync();
        }
    }

    private static void AddRow(ResultTable table, Row row, Measurement m)
    {
        var push = Stats.Median(m.Ours.Select(o => o.Push));
        var pull = Stats.Median(m.Ours.Select(o => o.Pull));
        var both = Stats.Median(m.Ours.Select(o => o.Total));
        var sdk = Stats.Median(m.Sdk.Select(o => o.Total));
        var ratio = Stats.Median(m.Ratios());
        var peakMb = m.PeakWorkingSetBytes / (double)Sizes.MB;
        var targets = new List<string>();
        if (row.Size >= 64 * Sizes.MB)
        {
            targets.Add($"ratio >= {RatioTarget:F1} {(ratio >= RatioTarget ? "PASS" : "FAIL")}");
        }

        if (row.Size >= Sizes.GB)
        {
            targets.Add($"WS < {WorkingSetTargetMb} MB {(peakMb < WorkingSetTargetMb ? "PASS" : "FAIL")}");
        }

        table.AddRow(
            row.Target.Name, Sizes.Label(row.Size), m.Ours.Length.ToString(CultureInfo.InvariantCulture),
            Rate(row.Size, push), Rate(row.Size, pull), Rate(row.Size, both), row.Target.Baseline(row.AsStream), Rate(row.Size, sdk),
            $"{Rate(row.Size, Stats.Median(m.Sdk.Select(o => o.Push)))} / {Rate(row.Size, Stats.Median(m.Sdk.Select(o => o.Pull)))}",
            ratio.ToString("F2", CultureInfo.InvariantCulture),
            (m.WorkingSetBeforeBytes / (double)Sizes.MB).ToString("F0", CultureInfo.InvariantCulture), peakMb.ToString("F0", CultureInfo.InvariantCulture), string.Join("; ", targets));
    }

    private static string Rate(long bytes, double ms) =>
        (bytes / (double)Sizes.MB / (ms / 1000)).ToString(bytes >= Sizes.MB ? "F0" : "F3", CultureInfo.InvariantCulture);

    private sealed record Row(StoreTarget Target, long Size, int Iterations)
    {
        public bool AsStream => Size >= 64 * Sizes.MB;

        public string TaskId => $"{Target.Name}_{Size}";

        public string Label => $"{Target.Name} / {Sizes.Label(Size)}";
    }

    private readonly record struct Timing(double Push, double Pull)
    {
        public double Total => Push + Pull;
    }

    private sealed record Measurement(Timing[] Ours, Timing[] Sdk, long PeakWorkingSetBytes, long WorkingSetBeforeBytes)
    {
        public IEnumerable<double> Ratios() => Ours.Zip(Sdk, (o, s) => s.Total / o.Total);
    }
}
