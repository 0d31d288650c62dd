using System.Text;

namespace Baton.Logging;

/// <summary>
/// The writer of one try's log file, optionally echoing to another writer (the console, for <c>dags test</c>). Thread-safe.
/// </summary>
/// <remarks>
/// Writing never throws into the task's code or the runner: the first failure to write the file (a full disk, a file
/// system gone read-only) is kept in <see cref="WriteError"/>, the file is written no more, and <c>onWriteFailed</c> is
/// called once (outside the writer's lock), so the runner can end the try with a reason that names the file.
/// </remarks>
internal sealed class TaskLogWriter : TextWriter
{
    private readonly TextWriter? _echo;
    private readonly Action<Exception>? _onWriteFailed;
    private readonly Lock _lock = new();
    private StreamWriter? _file;
    private Exception? _writeError;

    /// <summary>Opens (appends to) the log file, creating its directory.</summary>
    /// <exception cref="IOException">The directory or the file cannot be created (also <see cref="UnauthorizedAccessException"/>).</exception>
    public TaskLogWriter(string path, TextWriter? echo, Action<Exception>? onWriteFailed = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { AutoFlush = true };
        _echo = echo;
        _onWriteFailed = onWriteFailed;
        LogPath = path;
    }

    public string LogPath { get; }

    /// <summary>The first error writing the file, or null.</summary>
    public Exception? WriteError => Volatile.Read(ref _writeError);

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Append(w => w.Write(value));

    public override void Write(string? value) => Append(w => w.Write(value));

    public override void Write(char[] buffer, int index, int count) => Append(w => w.Write(buffer, index, count));

    public override void WriteLine(string? value) => Append(w => w.WriteLine(value));

    public override void Flush() => Append(w => w.Flush());

    private void Append(Action<TextWriter> write)
    {
        Exception? failed = null;
        lock (_lock)
        {
            if (_file is { } file)
            {
                try
                {
                    write(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
                {
                    failed = e;
                    _writeError = e;
                    _file = null;
                    DisposeQuietly(file);
                }
            }

            if (_echo is { } echo)
            {
                write(echo);
            }
        }

        if (failed is not null)
        {
            _onWriteFailed?.Invoke(failed);
        }
    }

    /// <summary>Closes a file whose last write failed; its buffered bytes cannot be written either.</summary>
    private static void DisposeQuietly(StreamWriter file)
    {
        try
        {
            file.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // The write error already says why the log ends here.
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_lock)
            {
                if (_file is { } file)
                {
                    _file = null;
                    DisposeQuietly(file);
                }
            }
        }

        base.Dispose(disposing);
    }
}
