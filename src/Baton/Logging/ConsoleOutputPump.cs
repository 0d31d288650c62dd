using System.Text;

namespace Baton.Logging;

/// <summary>
/// A writer that hands text to one background thread, which alone writes it to the process's console writer.
/// </summary>
/// <remarks>
/// The console writer is not a leaf lock: on Unix the runtime's console stream takes <c>lock (Console.Out)</c> while it
/// writes, and <see cref="Console.Out"/> is then the synchronized wrapper around <see cref="TaskConsoleRouter"/>. A
/// thread inside <c>Console.WriteLine</c> (holding that wrapper) that wrote to the console writer directly could wait
/// for a thread that holds the console writer and waits for the wrapper: the hang seen in parallel tasks. Writers here
/// only append to a buffer under a lock that calls nothing, so no thread ever holds one writer's lock while waiting for
/// another's; the pump thread holds nothing of ours while it writes.
/// </remarks>
internal sealed class ConsoleOutputPump : TextWriter
{
    private readonly TextWriter _target;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private StringBuilder _pending = new();
    private StringBuilder _spare = new();
    private bool _writing;
    private bool _stopped;
    private Exception? _writeError;

    public ConsoleOutputPump(TextWriter target)
    {
        _target = target;
        _thread = new Thread(Run) { IsBackground = true, Name = "Baton console output" };
        _thread.Start();
    }

    /// <summary>The first error writing to the target (a full disk, a closed stdout), or null.</summary>
    public Exception? WriteError => Volatile.Read(ref _writeError);

    /// <summary>The writer the pump writes to.</summary>
    public TextWriter Target => _target;

    public override Encoding Encoding => _target.Encoding;

    public override void Write(char value)
    {
        lock (_gate)
        {
            _pending.Append(value);
            Monitor.PulseAll(_gate);
        }
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        lock (_gate)
        {
            _pending.Append(value);
            Monitor.PulseAll(_gate);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate)
        {
            _pending.Append(buffer, index, count);
            Monitor.PulseAll(_gate);
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_gate)
        {
            _pending.Append(value).Append(CoreNewLine);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Does not wait: a caller may hold the console's lock, which the pump thread may need to finish.</summary>
    public override void Flush()
    {
    }

    /// <summary>
    /// Waits until everything written so far has reached the target, up to <paramref name="timeout"/>. Call it only
    /// while holding no console writer's lock (at the end of a command, not from inside a write).
    /// </summary>
    /// <returns>False when the timeout passed first.</returns>
    public bool Drain(TimeSpan timeout)
    {
        if (Thread.CurrentThread == _thread)
        {
            return true;
        }

        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_gate)
        {
            while (_pending.Length > 0 || _writing)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0 || !Monitor.Wait(_gate, TimeSpan.FromMilliseconds(left)))
                {
                    return _pending.Length == 0 && !_writing;
                }
            }
        }

        return true;
    }

    private void Run()
    {
        while (true)
        {
            StringBuilder batch;
            lock (_gate)
            {
                while (_pending.Length == 0 && !_stopped)
                {
                    Monitor.Wait(_gate);
                }

                if (_pending.Length == 0)
                {
                    return;
                }

                batch = _pending;
                _pending = _spare;
                _spare = batch;
                _writing = true;
            }

            try
            {
                foreach (var chunk in batch.GetChunks())
                {
                    _target.Write(chunk.Span);
                }

                _target.Flush();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                // A full disk, a closed stdout or a reader that went away must not stop the process: the text is
                // dropped and the first such error kept, so the command can still end with a clear message.
                Interlocked.CompareExchange(ref _writeError, e, null);
            }
            finally
            {
                lock (_gate)
                {
                    batch.Clear();
                    _writing = false;
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_gate)
            {
                _stopped = true;
                Monitor.PulseAll(_gate);
            }
        }

        base.Dispose(disposing);
    }
}
