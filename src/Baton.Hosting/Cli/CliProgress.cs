using System.Globalization;

namespace Baton.Hosting.Cli;

/// <summary>
/// One line of progress on an interactive terminal (standard error, rewritten in place with <c>\r</c>, at most five
/// times a second, cleared when done), and nothing at all when standard error is redirected: logs and pipes stay clean.
/// </summary>
internal sealed class CliProgress : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly TextWriter? _writer;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly Lock _gate = new();
    private long _lastShown = long.MinValue;
    private int _width;
    private bool _closed;

    /// <summary>Progress written to <paramref name="writer"/>, or none when it is null.</summary>
    internal CliProgress(TextWriter? writer, TimeProvider time)
    {
        _writer = writer;
        _time = time;
        _started = time.GetTimestamp();
    }

    /// <summary>Progress for a command: shown only when standard error is the process's own terminal.</summary>
    public static CliProgress For(CliContext context) =>
        new(context.ErrorIsTerminal ? context.Error : null, context.Time);

    /// <summary>How long since the progress started.</summary>
    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    /// <summary>Shows <paramref name="text"/> unless a line was shown less than 200 ms ago (<paramref name="force"/> shows it anyway).</summary>
    public void Report(string text, bool force = false)
    {
        if (_writer is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            var now = _time.GetTimestamp();
            if (!force && _lastShown != long.MinValue && _time.GetElapsedTime(_lastShown, now) < Interval)
            {
                return;
            }

            _lastShown = now;
            var line = CliText.Escape(text);
            _writer.Write("\r" + line.PadRight(_width));
            _writer.Flush();
            _width = line.Length;
        }
    }

    /// <summary>A counter reported synchronously as <paramref name="text"/>(done, total) (unlike <see cref="Progress{T}"/>, which could print after the line is cleared).</summary>
    public IProgress<(int Done, int Total)> Counter(Func<int, int, string> text, bool force = false) => new CounterProgress(this, text, force);

    /// <summary>"12.3 MiB of 64.0 MiB, 45.6 MiB/s" for <paramref name="done"/> bytes of <paramref name="total"/> (null: unknown).</summary>
    public string Bytes(long done, long? total)
    {
        var seconds = Math.Max(Elapsed.TotalSeconds, 0.001);
        var rate = Size((long)(done / seconds));
        return total is { } all
            ? $"{Size(done)} of {Size(all)} ({(all == 0 ? 100 : done * 100 / all)}%), {rate}/s"
            : $"{Size(done)}, {rate}/s";
    }

    /// <summary>Clears the line.</summary>
    public void Dispose()
    {
        if (_writer is null)
        {
            return;
        }

        lock (_gate)
        {
            _closed = true;
            if (_width > 0)
            {
                _writer.Write("\r" + new string(' ', _width) + "\r");
                _writer.Flush();
                _width = 0;
            }
        }
    }

    /// <summary>A size in bytes as people read it: 512 B, 1.5 KiB, 12.3 MiB, 2.0 GiB.</summary>
    internal static string Size(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    /// <summary>Runs <paramref name="work"/>, showing <paramref name="label"/> with the elapsed seconds while it runs (for work with no count to show).</summary>
    public async Task<T> WhileAsync<T>(string label, Func<Task<T>> work)
    {
        if (_writer is null)
        {
            return await work().ConfigureAwait(false);
        }

        using var stop = new CancellationTokenSource();
        var ticker = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Report($"{label} {Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s", force: true);
                try
                {
                    await Task.Delay(Interval, _time, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }, CancellationToken.None);
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await ticker.ConfigureAwait(false);
        }
    }

    private sealed class CounterProgress(CliProgress owner, Func<int, int, string> text, bool force) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => owner.Report(text(value.Done, value.Total), force);
    }
}
