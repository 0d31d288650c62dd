using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Baton.Hosting.Cli;

/// <summary>
/// Logging for a command: the console logger writes one line per entry to standard error (standard output is the
/// command's result), at the command's level (warnings; the scheduler's information; debug under <c>--verbose</c>).
/// The app's other providers (OpenTelemetry, say) keep their own configuration.
/// </summary>
internal static class CliLogging
{
    public static void Configure(IHostApplicationBuilder builder, LogLevel level)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // The host's defaults log to standard output; the command line's console logger replaces them.
        foreach (var console in builder.Services.Where(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider)).ToList())
        {
            builder.Services.Remove(console);
        }

        Configure(builder.Logging, level);
    }

    /// <summary>The same console logger on another host's logging (the web server's).</summary>
    public static void Configure(ILoggingBuilder logging, LogLevel level)
    {
        logging.AddSimpleConsole(console => console.SingleLine = true);
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.AddFilter<ConsoleLoggerProvider>(null, level);
        logging.AddFilter<ConsoleLoggerProvider>("Microsoft", LogLevel.Warning);
        // The web server's key ring is in BATON_HOME/keys (0700), unencrypted at rest as ASP.NET Core's default on Linux: saying so at every start helps no one.
        logging.AddFilter<ConsoleLoggerProvider>("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        // A web host that fails to start or stop throws to the command, which reports it in one line (the stack trace under --verbose).
        logging.AddFilter<ConsoleLoggerProvider>("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        if (level < LogLevel.Information)
        {
            logging.SetMinimumLevel(level);
        }
    }
}
