using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Baton.Logging;

/// <summary>The <see cref="ILogger"/> a task gets: lines of <c>[time] LEVEL - message</c> in its try's log.</summary>
internal sealed class TaskLogger : ILogger
{
    private readonly TextWriter _writer;
    private readonly TimeProvider _timeProvider;
    private readonly string _name;

    public TaskLogger(TextWriter writer, TimeProvider timeProvider, string name)
    {
        _writer = writer;
        _timeProvider = timeProvider;
        _name = name;
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var time = _timeProvider.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var line = $"[{time}] {{{_name}}} {Level(logLevel)} - {formatter(state, exception)}";
        _writer.WriteLine(exception is null ? line : line + Environment.NewLine + exception);
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "CRITICAL",
        _ => level.ToString().ToUpperInvariant(),
    };
}
