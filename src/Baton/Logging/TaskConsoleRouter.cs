using System.Text;

namespace Baton.Logging;

/// <summary>
/// Sends what a task writes to <see cref="Console.Out"/> into that task's log. Installed once as the process's console
/// writer; the current task is tracked per async flow, so parallel tasks each write to their own log, and code outside
/// any task writes to the original console through a <see cref="ConsoleOutputPump"/>.
/// </summary>
/// <remarks>
/// <see cref="Console.SetOut"/> wraps the router in a synchronized writer whose lock is held for every call here, and
/// the runtime's console stream takes that same lock (<c>lock (Console.Out)</c>) while it writes. So nothing called
/// from here may wait for the original console writer: text for it goes through the pump, whose buffer lock is the
/// innermost lock of all and calls nothing.
/// </remarks>
internal sealed class TaskConsoleRouter : TextWriter
{
    private static readonly AsyncLocal<TextWriter?> Current = new();
    private static readonly Lock InstallLock = new();
    private static TaskConsoleRouter? _installed;
    private static TextWriter? _installedWrapper;
    private readonly TextWriter _original;
    private readonly ConsoleOutputPump _pump;

    private TaskConsoleRouter(TextWriter original)
    {
        _original = original;
        _pump = new ConsoleOutputPump(original);
    }

    public override Encoding Encoding => _original.Encoding;

    /// <summary>Installs the router as <see cref="Console.Out"/> once per process (again if someone replaced it since).</summary>
    public static void EnsureInstalled()
    {
        lock (InstallLock)
        {
            var current = Console.Out;
            if (_installed is not null && ReferenceEquals(current, _installedWrapper))
            {
                return;
            }

            // Whatever the previous router still holds must reach its console before a new one takes over.
            _installed?._pump.Drain(TimeSpan.FromSeconds(5));
            _installed = new TaskConsoleRouter(current);
            Console.SetOut(_installed);
            _installedWrapper = Console.Out;
        }
    }

    /// <summary>
    /// The writer to use for the console's text when <paramref name="writer"/> is the console (the router, its
    /// synchronized wrapper, or the original console writer): the pump, so an echo never loops back into a task's log
    /// and never waits for a console lock. Any other writer is returned as it is.
    /// </summary>
    public static TextWriter? Unwrap(TextWriter? writer)
    {
        var router = _installed;
        if (writer is null || router is null)
        {
            return writer;
        }

        return ReferenceEquals(writer, router) || ReferenceEquals(writer, _installedWrapper) || ReferenceEquals(writer, router._original) || ReferenceEquals(writer, router._pump)
            ? router._pump
            : writer;
    }

    /// <summary>
    /// Waits until console text written so far has been written out, up to <paramref name="timeout"/>. Call at the end of
    /// a command, holding no console lock.
    /// </summary>
    public static bool Drain(TimeSpan timeout) => _installed?._pump.Drain(timeout) ?? true;

    /// <summary>The first error writing console text out (a full disk, a closed stdout), or null.</summary>
    public static Exception? OutputError => _installed?._pump.WriteError;

    /// <summary>Routes this async flow's console output to <paramref name="writer"/> until the returned scope is disposed.</summary>
    public static IDisposable Route(TextWriter writer)
    {
        var previous = Current.Value;
        Current.Value = writer;
        return new Scope(previous);
    }

    private TextWriter Target => Current.Value ?? _pump;

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
