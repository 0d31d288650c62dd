using System.Text;

namespace Baton.Logging;

/// <summary>
/// Sends what a task writes to <see cref="Console.Out"/> into that task's log. Installed once as the process's console
/// writer; the current task is tracked per async flow, so parallel tasks each write to their own log, and code outside
/// any task writes to the original console.
/// </summary>
internal sealed class TaskConsoleRouter : TextWriter
{
    private static readonly AsyncLocal<TextWriter?> Current = new();
    private static readonly Lock InstallLock = new();
    private static TaskConsoleRouter? _installed;
    private readonly TextWriter _original;

    private TaskConsoleRouter(TextWriter original)
    {
        _original = original;
    }

    public override Encoding Encoding => _original.Encoding;

    /// <summary>Installs the router as <see cref="Console.Out"/> once per process.</summary>
    public static void EnsureInstalled()
    {
        lock (InstallLock)
        {
            if (_installed is null || !ReferenceEquals(Console.Out, _installed))
            {
                _installed = new TaskConsoleRouter(Console.Out);
                Console.SetOut(_installed);
            }
        }
    }

    /// <summary>The writer behind the router when <paramref name="writer"/> is the router itself, so an echo never loops back into a task's log.</summary>
    public static TextWriter? Unwrap(TextWriter? writer) => writer is TaskConsoleRouter router ? router._original : writer;

    /// <summary>Routes this async flow's console output to <paramref name="writer"/> until the returned scope is disposed.</summary>
    public static IDisposable Route(TextWriter writer)
    {
        var previous = Current.Value;
        Current.Value = writer;
        return new Scope(previous);
    }

    private TextWriter Target => Current.Value ?? _original;

    public override void Write(char value) => Target.Write(value);

    public override void Write(string? value) => Target.Write(value);

    public override void Write(char[] buffer, int index, int count) => Target.Write(buffer, index, count);

    public override void WriteLine(string? value) => Target.WriteLine(value);

    public override void Flush() => Target.Flush();

    private sealed class Scope(TextWriter? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
