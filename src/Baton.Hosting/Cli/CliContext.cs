using System.CommandLine;
using Baton.Configuration;
using Baton.Dags;
using Baton.Metadata;
using Baton.Scheduling;
using Microsoft.Extensions.DependencyInjection;
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
    private ServiceProvider? _services;

    public CliContext(BatonAppOptions options, TextWriter output, TextWriter error)
    {
        _options = options;
        Output = output;
        Error = error;
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

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

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("services are built by RunAsync");

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public DagBag Dags => Get<DagBag>();

    /// <summary>Wraps a command body: builds the services, turns Baton's errors into a message on stderr and exit code 1.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Action(Func<ParseResult, CancellationToken, Task<int>> body) => async (parse, cancellationToken) =>
    {
        try
        {
            await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
            return await body(parse, cancellationToken).ConfigureAwait(false);
        }
        catch (BatonException e)
        {
            await Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (OptionsValidationException e)
        {
            await Error.WriteLineAsync($"error: invalid settings: {string.Join("; ", e.Failures)}").ConfigureAwait(false);
            return 1;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
        {
            // The configuration binder reports a malformed value (e.g. a word where a number belongs) this way.
            await Error.WriteLineAsync($"error: invalid settings: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (CliUsageException e)
        {
            await Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 2;
        }
    };

    private async Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        if (_services is not null)
        {
            return;
        }

        var environment = _options.Environment ?? BatonEnvironment.FromProcess();
        var configuration = BatonSettings.Build(environment);
        var dags = DagBag.FromAssemblies(_options.DagAssemblies);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel)
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddFilter("Microsoft", LogLevel.Warning));
        services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        _options.ConfigureServices?.Invoke(services);
        services.AddBaton(environment, configuration, dags);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });

        // Resolving each options type runs its validators now, so a bad setting fails before any work.
        _ = _services.GetRequiredService<IOptions<CoreOptions>>().Value;
        _ = _services.GetRequiredService<IOptions<XComOptions>>().Value;
        _ = _services.GetRequiredService<IOptions<SchedulerOptions>>().Value;
        _ = _services.GetRequiredService<IOptions<DatabaseOptions>>().Value;

        await _services.GetRequiredService<IMetadataStore>().MigrateAsync(cancellationToken).ConfigureAwait(false);
        await _services.GetRequiredService<Scheduler>().SyncDagsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var error in dags.Errors)
        {
            await Error.WriteLineAsync($"warning: {error.Message}").ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync().ConfigureAwait(false);
        }
    }
}
