using System.Text;

namespace Baton.Logging;

/// <summary>The writer of one try's log file, optionally echoing to another writer (the console, for <c>dags test</c>). Thread-safe.</summary>
internal sealed class TaskLogWriter : TextWriter
{
    private readonly StreamWriter _file;
    private readonly TextWriter? _echo;
    private readonly Lock _lock = new();

    public TaskLogWriter(string path, TextWriter? echo)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { AutoFlush = true };
        _echo = echo;
        LogPath = path;
    }

    public string LogPath { get; }

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_lock)
        {
            _file.Write(value);
            _echo?.Write(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_lock)
        {
            _file.Write(value);
            _echo?.Write(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_lock)
        {
            _file.Write(buffer, index, count);
            _echo?.Write(buffer, index, count);
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_lock)
        {
            _file.WriteLine(value);
            _echo?.WriteLine(value);
        }
    }

    public override void Flush()
    {
        lock (_lock)
        {
            _file.Flush();
            _echo?.Flush();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_lock)
            {
                _file.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
