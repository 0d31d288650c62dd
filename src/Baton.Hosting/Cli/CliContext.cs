using System.CommandLine;
using Baton.Configuration;
using Baton.Dags;
using Baton.Web;
using Baton.Web.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Baton.Hosting.Cli;

/// <summary>
/// What every command shares: the console writers and, built on first use (so <c>--help</c> needs no database), the
/// environment, settings, DAGs and services, with the metadata schema migrated and the DAG rows synced.
/// </summary>
internal sealed class CliContext : IAsyncDisposable
{
    private readonly BatonAppOptions _options;
    private readonly HostApplicationBuilder? _hostBuilder;
    private IHost? _host;

    /// <summary>A context whose services are built, on first use, from <paramref name="hostBuilder"/> (the user's) or else from <paramref name="options"/>.</summary>
    public CliContext(BatonAppOptions options, TextWriter output, TextWriter error, HostApplicationBuilder? hostBuilder = null)
    {
        _options = options;
        _hostBuilder = hostBuilder;
        Output = output;
        Error = error;
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>Whether standard error is the process's own terminal (not redirected, not a test's writer): progress is shown only then.</summary>
    public bool ErrorIsTerminal => _options.Error is null && !Console.IsErrorRedirected;

    public TextReader Input => _options.Input ?? Console.In;

    /// <summary>Asks before a destructive command (as Airflow does) unless <c>--yes</c> was given; false means "do nothing".</summary>
    public bool Confirm(string what, bool yes)
    {
        if (yes)
        {
            return true;
        }

        Output.Write($"{what}\nAre you sure? [y/N] ");
        Output.Flush();
        var answer = Input.ReadLine()?.Trim();
        var confirmed = string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) || string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase);
        if (!confirmed)
        {
            Output.WriteLine("Cancelled, nothing was changed.");
        }

        return confirmed;
    }

    public LogLevel LogLevel { get; set; } = LogLevel.Warning;

    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("services are built by RunAsync");

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public DagBag Dags => Get<DagBag>();

    /// <summary>The global <c>--verbose</c> option (one per command tree: an option knows the commands it belongs to).</summary>
    public Option<bool> VerboseOption { get; } = new(CommandTree.VerboseName, CommandTree.VerboseAlias)
    {
        Description = "Print debug logs, and the stack trace of an error",
        Recursive = true,
    };

    /// <summary>Whether <c>--verbose</c> was given: errors come with their stack trace.</summary>
    public bool Verbose { get; set; }

    /// <summary>The home directory, once the settings have been checked; where unexpected errors are logged.</summary>
    public string? Home { get; private set; }

    /// <summary>The clock of the services once built, the system's before.</summary>
    public TimeProvider Time => _host?.Services.GetService<TimeProvider>() ?? TimeProvider.System;

    /// <summary>
    /// Wraps a command body: builds the services, turns Baton's errors into a message on stderr and exit code 1, bad
    /// usage into exit code 2, Ctrl+C into exit code 130, and anything else into one line naming the exception type
    /// (the stack trace goes to the error log, and with <c>--verbose</c> to stderr): no command ends in an unhandled exception.
    /// </summary>
    public Func<ParseResult, CancellationToken, Task<int>> Action(Func<ParseResult, CancellationToken, Task<int>> body) => async (parse, cancellationToken) =>
    {
        Verbose |= parse.GetValue(VerboseOption);
        try
        {
            await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
            return await body(parse, cancellationToken).ConfigureAwait(false);
        }
        catch (BatonConfigurationException e) when (e.Summary is not null)
        {
            await CliErrors.WriteProblemsAsync(Error, e.Summary, e.Problems).ConfigureAwait(false);
            if (Verbose)
            {
                await Error.WriteLineAsync(SecretText.Mask(e.ToString())).ConfigureAwait(false);
            }

            return 1;
        }
        catch (BatonException e)
        {
            await CliErrors.WriteAsync(Error, e.Message, e, Verbose).ConfigureAwait(false);
            return 1;
        }
        catch (OptionsValidationException e)
        {
            await CliErrors.WriteAsync(Error, $"invalid settings: {string.Join("; ", e.Failures)}", e, Verbose).ConfigureAwait(false);
            return 1;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
        {
            // The configuration binder reports a malformed value of options Baton does not check at start (an app's own) this way.
            await CliErrors.WriteAsync(Error, $"invalid settings: {e.Message}", e, Verbose).ConfigureAwait(false);
            return 1;
        }
        catch (CliUsageException e)
        {
            await CliErrors.WriteAsync(Error, e.Message, e, Verbose).ConfigureAwait(false);
            return 2;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Error.WriteLineAsync("Cancelled.").ConfigureAwait(false);
            return CliErrors.Cancelled;
        }
        catch (Exception e)
        {
            // The one catch-all of the command line (see CliErrors): whatever escaped a command becomes one clear line.
            return await CliErrors.ReportUnexpectedAsync(Error, e, Verbose, Home, CommandName(parse), Time).ConfigureAwait(false);
        }
    };

    private static string CommandName(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    private async Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        if (_host is not null)
        {
            return;
        }

        var builder = _hostBuilder ?? BatonApp.CreateBuilder(_options);
        // The webserver section is checked with the others and shown by config list, whichever command runs.
        builder.Services.AddWebServerSettings().AddBatonUsers();
        CliLogging.Configure(builder, LogLevel);
        _host = builder.Build();
        OpenTelemetryProviders.Start(_host.Services);

        // Every section's values, validators, backend type and store scheme are checked now, so a bad setting fails before any work.
        var warnings = new List<string>();
        try
        {
            BatonStartup.Check(_host.Services, warnings);
        }
        finally
        {
            // A misspelt key may be why another setting is wrong: the warnings come with the errors.
            await WriteWarningsAsync(warnings).ConfigureAwait(false);
        }

        Home = _host.Services.GetRequiredService<BatonPaths>().Home;
        await BatonStartup.PrepareAsync(_host.Services, warnings, cancellationToken).ConfigureAwait(false);
        await WriteWarningsAsync(warnings).ConfigureAwait(false);
    }

    private async Task WriteWarningsAsync(List<string> warnings)
    {
        foreach (var warning in warnings)
        {
            await Error.WriteLineAsync($"warning: {CliText.Escape(warning)}").ConfigureAwait(false);
        }

        warnings.Clear();
    }

    public ValueTask DisposeAsync() => Disposal.DisposeAsync(_host);
}
