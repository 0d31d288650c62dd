using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using Baton.Serialization;

namespace Baton.Benchmarks.XComs;

/// <summary>What the bytes of a value look like.</summary>
internal enum DataKind
{
    /// <summary>Pseudo-random bytes (xoshiro256**): incompressible, like an already compressed artifact (Parquet, JPEG, a .zst).</summary>
    Random,

    /// <summary>Sensor readings as CSV text (id, timestamp, sensor, region, two decimals, status, batch): zstd -3 shrinks it about 3×.</summary>
    Csv,

    /// <summary>A small order record (about 1 KB of JSON) pushed and pulled as a C# object through the JSON serializer.</summary>
    JsonRecord,
}

/// <summary>
/// The values the xcom scenario pushes: small ones as byte arrays (or a record) in memory, large ones as files generated
/// once under a directory, deterministically (fixed seeds), and deleted with it.
/// </summary>
internal sealed class TestData : IDisposable
{
    private readonly string _directory;
    private readonly Dictionary<(DataKind, long), string> _files = [];
    private readonly Dictionary<(DataKind, long), byte[]> _arrays = [];

    private TestData(string directory)
    {
        _directory = directory;
        Record = OrderRecord.Sample();
        RecordJson = OrderRecord.SampleJson();
    }

    /// <summary>The JSON record value.</summary>
    public OrderRecord Record { get; }

    /// <summary>The record as Baton's JSON serializer writes it (what the raw-copy baseline writes and reads).</summary>
    public byte[] RecordJson { get; }

    /// <summary>Generates the files and arrays that <paramref name="needs"/> name.</summary>
    public static async Task<TestData> CreateAsync(string directory, IEnumerable<(DataKind Kind, long Size, bool AsFile)> needs, TextWriter? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var data = new TestData(directory);
        try
        {
            foreach (var (kind, size, asFile) in needs.Distinct())
            {
                if (kind == DataKind.JsonRecord)
                {
                    continue;
                }

                if (asFile)
                {
                    var path = Path.Combine(directory, $"source-{kind.ToString().ToLowerInvariant()}-{size}.bin");
                    var started = System.Diagnostics.Stopwatch.StartNew();
                    await WriteFileAsync(path, kind, size, cancellationToken);
                    progress?.WriteLine($"  generated {Sizes.Label(size)} of {kind.ToString().ToLowerInvariant()} data in {started.Elapsed.TotalSeconds:F1} s: {path}");
                    data._files[(kind, size)] = path;
                }
                else
                {
                    var bytes = new byte[size];
                    Generator(kind).Fill(bytes);
                    data._arrays[(kind, size)] = bytes;
                }
            }

            return data;
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    public string FileOf(DataKind kind, long size) => _files[(kind, size)];

    public byte[] BytesOf(DataKind kind, long size) => kind == DataKind.JsonRecord ? RecordJson : _arrays[(kind, size)];

    public void Dispose()
    {
        foreach (var path in _files.Values)
        {
            File.Delete(path);
        }

        _files.Clear();
        if (Directory.Exists(_directory) && !Directory.EnumerateFileSystemEntries(_directory).Any())
        {
            Directory.Delete(_directory);
        }
    }

    private static async Task WriteFileAsync(string path, DataKind kind, long size, CancellationToken cancellationToken)
    {
        var generator = Generator(kind);
        var buffer = new byte[1 << 20];
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        file.SetLength(size);
        for (long left = size; left > 0;)
        {
            var chunk = (int)Math.Min(left, buffer.Length);
            generator.Fill(buffer.AsSpan(0, chunk));
            await file.WriteAsync(buffer.AsMemory(0, chunk), cancellationToken);
            left -= chunk;
        }
    }

    private static IFiller Generator(DataKind kind) => kind switch
    {
        DataKind.Random => new RandomBytes(seed: 0x5EED),
        DataKind.Csv => new CsvText(seed: 0xC5F),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private interface IFiller
    {
        void Fill(Span<byte> destination);
    }

    /// <summary>xoshiro256** (the generator behind <see cref="Random.Shared"/>), seeded so every run stores the same bytes.</summary>
    private struct Xoshiro
    {
        private ulong _s0, _s1, _s2, _s3;

        public Xoshiro(ulong seed)
        {
            // splitmix64 spreads the seed over the state.
            _s0 = SplitMix(ref seed);
            _s1 = SplitMix(ref seed);
            _s2 = SplitMix(ref seed);
            _s3 = SplitMix(ref seed);
        }

        public ulong Next()
        {
            var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
            var t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = ulong.RotateLeft(_s3, 45);
            return result;
        }

        /// <summary>Uniform in [0, n).</summary>
        public int Below(int n) => (int)((Next() >> 32) * (ulong)n >> 32);

        public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

        private static ulong SplitMix(ref ulong x)
        {
            var z = x += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }

    private sealed class RandomBytes(ulong seed) : IFiller
    {
        private Xoshiro _rng = new(seed);

        public void Fill(Span<byte> destination)
        {
            var words = MemoryMarshal.Cast<byte, ulong>(destination);
            for (var i = 0; i < words.Length; i++)
            {
                words[i] = _rng.Next();
            }

            for (var i = words.Length * sizeof(ulong); i < destination.Length; i++)
            {
                destination[i] = (byte)_rng.Next();
            }
        }
    }

    /// <summary>
    /// Lines such as <c>1048576,2025-01-01T05:49:12.345Z,sensor-0042,eu-west-1,23.517,-0.042,OK,batch-001048</c>: a
    /// header, a growing id and timestamp, a sensor out of 1,000, a region out of 8, two decimals, a mostly-OK status.
    /// </summary>
    private sealed class CsvText(ulong seed) : IFiller
    {
        private static readonly string[] Regions = ["eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "ap-south-1", "ap-northeast-1", "sa-east-1", "af-south-1"];
        private readonly byte[] _line = new byte[256];
        private Xoshiro _rng = new(seed);
        private long _id;
        private DateTime _time = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        private int _pendingStart;
        private int _pendingEnd;
        private bool _headerWritten;

        public void Fill(Span<byte> destination)
        {
            var at = 0;
            while (at < destination.Length)
            {
                if (_pendingStart == _pendingEnd)
                {
                    _pendingStart = 0;
                    _pendingEnd = NextLine(_line);
                }

                var n = Math.Min(_pendingEnd - _pendingStart, destination.Length - at);
                _line.AsSpan(_pendingStart, n).CopyTo(destination[at..]);
                _pendingStart += n;
                at += n;
            }
        }

        private int NextLine(Span<byte> line)
        {
            int written;
            if (!_headerWritten)
            {
                _headerWritten = true;
                Utf8.TryWrite(line, CultureInfo.InvariantCulture, $"id,timestamp,sensor,region,value,delta,status,batch\n", out written);
                return written;
            }

            _id++;
            _time = _time.AddMilliseconds(1 + _rng.Below(2000));
            var value = 15 + (_rng.NextDouble() * 20);
            var delta = (_rng.NextDouble() - 0.5) * 0.2;
            var roll = _rng.Below(100);
            var status = roll < 95 ? "OK" : roll < 99 ? "WARN" : "ERROR";
            Utf8.TryWrite(line, CultureInfo.InvariantCulture,
                $"{_id},{_time:yyyy-MM-dd'T'HH:mm:ss.fff'Z'},sensor-{_rng.Below(1000):D4},{Regions[_rng.Below(Regions.Length)]},{value:F3},{delta:F3},{status},batch-{_id / 1000:D6}\n",
                out written);
            return written;
        }
    }
}

/// <summary>The JSON value: an order with a dozen lines, about 1 KB serialized.</summary>
internal sealed record OrderRecord(string OrderId, DateTimeOffset PlacedAt, string Customer, string Currency, decimal Total, string Status, string[] Tags, OrderLine[] Lines)
{
    public static OrderRecord Sample()
    {
        var lines = Enumerable.Range(1, 12)
            .Select(i => new OrderLine($"SKU-{1000 + (i * 37):D5}", $"Widget model {i}", i % 4 + 1, 9.99m + i))
            .ToArray();
        return new OrderRecord("ord_2025_000123", new DateTimeOffset(2025, 1, 1, 12, 30, 0, TimeSpan.Zero), "customer-4711", "EUR",
            lines.Sum(l => l.Quantity * l.UnitPrice), "paid", ["priority", "gift-wrap", "eu"], lines);
    }

    /// <summary>The sample as Baton's JSON serializer writes it.</summary>
    public static byte[] SampleJson() => JsonSerializer.SerializeToUtf8Bytes(Sample(), JsonXComSerializer.CreateDefaultOptions());

    public static int SampleJsonLength { get; } = SampleJson().Length;
}

internal sealed record OrderLine(string Sku, string Description, int Quantity, decimal UnitPrice);

/// <summary>Sizes as the table prints them (binary units: 1 KB = 1024 bytes).</summary>
internal static class Sizes
{
    public const long KB = 1024;
    public const long MB = 1024 * KB;
    public const long GB = 1024 * MB;

    public static string Label(long bytes) => bytes switch
    {
        >= GB when bytes % GB == 0 => $"{bytes / GB} GB",
        >= MB when bytes % MB == 0 => $"{bytes / MB} MB",
        >= KB when bytes % KB == 0 => $"{bytes / KB} KB",
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} B"),
    };
}
