using System.Globalization;
using System.Reflection;
using Baton.Configuration;

namespace Baton.Hosting.Cli;

/// <summary>
/// Reports an error nobody expected as one line on stderr, <c>error: what (ExceptionType)</c>; the stack trace goes to
/// <c>BATON_HOME/logs/cli/errors.log</c> (when the home directory exists) and, with <c>--verbose</c>, to stderr as well.
/// </summary>
internal static class CliErrors
{
    /// <summary>The exit code of a command stopped by Ctrl+C or SIGTERM, as a shell reports SIGINT.</summary>
    public const int Cancelled = 130;

    /// <summary>The log of unexpected errors, under the home directory.</summary>
    public static string LogFile(string home) => Path.Combine(home, "logs", "cli", "errors.log");

    /// <summary>Writes the error line (and with <paramref name="verbose"/> the stack trace); returns exit code 1.</summary>
    /// <param name="error">Standard error.</param>
    /// <param name="exception">What went wrong.</param>
    /// <param name="verbose">Whether <c>--verbose</c> was given.</param>
    /// <param name="home">The home directory, or null when it is not known (the settings could not be read).</param>
    /// <param name="command">The command, e.g. <c>dags test</c> (its arguments are left out: they may hold secrets).</param>
    /// <param name="time">The clock that stamps the log entry.</param>
    public static async Task<int> ReportUnexpectedAsync(TextWriter error, Exception exception, bool verbose, string? home, string command, TimeProvider time)
    {
        var shown = Unwrap(exception);
        var log = home is null ? null : TryAppendToLog(LogFile(home), shown, command, time);
        var line = $"error: {CliText.Escape(OneLine(shown.Message))} ({shown.GetType().Name})";
        if (verbose)
        {
            await error.WriteLineAsync(line).ConfigureAwait(false);
            await error.WriteLineAsync(SecretText.Mask(shown.ToString())).ConfigureAwait(false);
        }
        else
        {
            var where = log is null ? "" : $" (also in {log})";
            await error.WriteLineAsync($"{line}. Run again with --verbose for the stack trace{where}.").ConfigureAwait(false);
        }

        return 1;
    }

    /// <summary>Writes an expected error (a bad setting, a missing DAG): its message, and with <paramref name="verbose"/> its stack trace.</summary>
    public static async Task WriteAsync(TextWriter error, string message, Exception exception, bool verbose)
    {
        await WriteLineAsync(error, message).ConfigureAwait(false);
        if (verbose)
        {
            await error.WriteLineAsync(SecretText.Mask(exception.ToString())).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes <c>error: {message}</c> as one line: line breaks within the message become spaces, and control characters
    /// (an id typed with an escape sequence) are shown escaped (<see cref="CliText"/>), never sent to the terminal;
    /// secrets a message quotes (a URL's password, a signature) are masked (<see cref="SecretText"/>).
    /// </summary>
    public static Task WriteLineAsync(TextWriter error, string message) =>
        error.WriteLineAsync($"error: {CliText.Escape(SecretText.Mask(message))}");

    /// <summary>
    /// Writes an error that lists several problems (<see cref="BatonConfigurationException.Problems"/>): its summary on the
    /// <c>error:</c> line, then each problem on a line of its own, each escaped as <see cref="WriteLineAsync"/> does.
    /// </summary>
    public static async Task WriteProblemsAsync(TextWriter error, string summary, IEnumerable<string> problems)
    {
        await WriteLineAsync(error, summary).ConfigureAwait(false);
        foreach (var problem in problems)
        {
            await error.WriteLineAsync($"  - {CliText.Escape(SecretText.Mask(problem))}").ConfigureAwait(false);
        }
    }

    /// <summary>Whether the command line asks for <c>--verbose</c>, for errors raised before or after parsing.</summary>
    public static bool IsVerbose(IEnumerable<string> args) => args.TakeWhile(a => a != "--").Any(a => a is CommandTree.VerboseName or CommandTree.VerboseAlias);

    private static Exception Unwrap(Exception exception) => exception switch
    {
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        _ => exception,
    };

    private static string OneLine(string message) =>
        SecretText.Mask(string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))).TrimEnd('.');

    /// <summary>Appends the error to the log; returns its path, or null when it could not be written (the error line on stderr is what matters).</summary>
    private static string? TryAppendToLog(string path, Exception exception, string command, TimeProvider time)
    {
        try
        {
            var home = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(path)))!;
            if (!Directory.Exists(home))
            {
                // Not created just for this: BATON_HOME may be unusable or not yet exist.
                return null;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var stamp = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            File.AppendAllText(path, $"{stamp} {command}{Environment.NewLine}{SecretText.Mask(exception.ToString())}{Environment.NewLine}{Environment.NewLine}");
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }
}
