using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Reflection;
using Baton.Configuration;
using Baton.Hosting.Cli;
using Baton.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Hosting;

/// <summary>
/// The entry point a user's app hands control to: <c>return await BatonApp.RunAsync(args, typeof(Program).Assembly);</c>
/// makes the app Baton's command line (<c>dags</c>, <c>tasks</c>, <c>xcom</c>, <c>connections</c>, <c>db</c>, <c>config</c>, <c>scheduler</c>, <c>users</c>, <c>webserver</c>, <c>standalone</c>).
/// </summary>
public static class BatonApp
{
    /// <summary>Runs the command in <paramref name="args"/> with the DAGs of the given assemblies; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, params Assembly[] dagAssemblies)
    {
        var options = new BatonAppOptions();
        foreach (var assembly in dagAssemblies)
        {
            options.DagAssemblies.Add(assembly);
        }

        return RunAsync(args, options);
    }

    /// <summary>
    /// Runs the command in <paramref name="args"/>; returns the exit code: 0 success, 1 failure, 2 bad usage, 130
    /// stopped by Ctrl+C or SIGTERM (a first signal stops the command and records what it stopped; a second ends the
    /// process at once). No exception escapes: an unexpected one is reported as one line on standard error
    /// (with its stack trace under <c>--verbose</c>).
    /// </summary>
    public static Task<int> RunAsync(string[] args, BatonAppOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(options);
        return RunAsync(args, options, null, cancellationToken);
    }

    /// <summary>
    /// Runs the command in <paramref name="args"/> with the services of <paramref name="builder"/>, the app's own host
    /// builder (<c>Host.CreateApplicationBuilder(args)</c>, on which the app called <c>AddBaton()</c> and registered its
    /// services, logging and telemetry the usual way). The host is built when a command needs it and never started:
    /// its hosted services do not run. Exit codes as <see cref="RunAsync(string[], BatonAppOptions, CancellationToken)"/>.
    /// </summary>
    /// <param name="builder">The app's host builder.</param>
    /// <param name="args">The command line.</param>
    public static Task<int> RunAsync(HostApplicationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(args);
        builder.AddBaton();
        return RunAsync(args, new BatonAppOptions(), builder, CancellationToken.None);
    }

    /// <summary>
    /// The host builder <see cref="RunAsync(string[], BatonAppOptions, CancellationToken)"/> uses: an empty one (no
    /// <c>appsettings.json</c>, no default logging) on the options' environment, with Baton's settings, the options'
    /// services and DAGs.
    /// </summary>
    internal static HostApplicationBuilder CreateBuilder(BatonAppOptions options)
    {
        var environment = options.Environment ?? BatonEnvironment.FromProcess();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = environment.WorkingDirectory, DisableDefaults = true });
        builder.Services.AddSingleton(environment);
        BatonSettings.AddSources(builder.Configuration, environment);
        options.ConfigureServices?.Invoke(builder.Services);
        builder.Services.AddBaton().AddDags([.. options.DagAssemblies]);
        return builder;
    }

    private static async Task<int> RunAsync(string[] args, BatonAppOptions options, HostApplicationBuilder? hostBuilder, CancellationToken cancellationToken)
    {
        var output = options.Output ?? ConsoleOutput();
        var error = options.Error ?? Console.Error;
        var verbose = CliErrors.IsVerbose(args);
        CliContext? started = null;
        int code;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var signals = TerminationSignals.Register(stop, error);
        try
        {
            await using var context = new CliContext(options, output, error, hostBuilder)
            {
                LogLevel = verbose ? LogLevel.Debug : Commands.SchedulerCommand.LogLevelFor(args), Verbose = verbose,
            };
            started = context;
            var root = CommandTree.Build(context);
            var parse = root.Parse(args);
            if (parse.Action is ParseErrorAction)
            {
                // Printed here rather than by the parser: what it quotes back was typed by the user and may hold control
                // characters or a secret (escaped and masked as every error line is).
                foreach (var problem in parse.Errors)
                {
                    await CliErrors.WriteLineAsync(error, problem.Message).ConfigureAwait(false);
                }

                await error.WriteLineAsync($"Run '{CommandPath(parse.CommandResult)} --help' for usage.").ConfigureAwait(false);
                return 2;
            }

            // ProcessTerminationTimeout = null: Ctrl+C and SIGTERM are TerminationSignals' (the command stops and records, never half-way).
            code = await parse.InvokeAsync(
                new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null },
                stop.Token).ConfigureAwait(false);
            // The parser prints what is wrong and returns 1; bad usage is 2 here, as for the errors commands find themselves.
            code = parse.Errors.Count > 0 ? 2 : code;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            code = CliErrors.Cancelled;
        }
        catch (Exception e)
        {
            // Commands report their own errors (CliContext.Action); this catches what fails around them, e.g. disposing the services.
            code = await CliErrors.ReportUnexpectedAsync(error, e, verbose, started?.Home, "baton", TimeProvider.System).ConfigureAwait(false);
        }
        finally
        {
            TaskConsoleRouter.Drain(TimeSpan.FromSeconds(10));
        }

        if (options.Output is null && TaskConsoleRouter.OutputError is { } lost)
        {
            // As `cat > /dev/full` does: output that could not be written makes the command fail, visibly.
            await CliErrors.WriteLineAsync(error, $"standard output could not be written: {lost.Message}").ConfigureAwait(false);
            return code == 0 ? 1 : code;
        }

        return code;
    }

    /// <summary>The command as typed up to the one that failed to parse, e.g. <c>MyDags dags trigger</c>.</summary>
    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? result = command; result is not null; result = result.Parent)
        {
            if (result is CommandResult { Command.Name: var name })
            {
                names.Add(name);
            }
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>
    /// The process console with the task console router in front, so the command's own lines and the task logs it echoes
    /// reach stdout in the order they were written, through one writer that never waits on a console lock.
    /// </summary>
    private static TextWriter ConsoleOutput()
    {
        TaskConsoleRouter.EnsureInstalled();
        return Console.Out;
    }
}
