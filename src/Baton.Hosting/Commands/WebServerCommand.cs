using System.CommandLine;
using Baton.Hosting.Cli;
using Baton.Web;
using Microsoft.Extensions.Options;

namespace Baton.Hosting.Commands;

/// <summary><c>webserver</c>: the REST API (Kestrel) in this process until Ctrl+C or SIGTERM, beside any scheduler on the same database.</summary>
internal static class WebServerCommand
{
    public static Command Create(CliContext context)
    {
        var host = new Option<string?>("--host", "-H") { Description = "The address to listen on (BATON__WEBSERVER__HOST; 127.0.0.1 unless set)" };
        var port = new Option<int?>("--port", "-p") { Description = "The port (BATON__WEBSERVER__PORT; 8080 unless set; 0 for any free port)" };
        var command = new Command("webserver", "Run the web server (REST API under /api/v1, API reference at /api/v1/ui) until stopped") { host, port };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var options = context.Get<IOptions<WebServerOptions>>().Value;
            var listenPort = parse.GetValue(port) ?? options.Port;
            if (listenPort is < 0 or > 65535)
            {
                throw new CliUsageException($"--port must be from 0 (any free port) to 65535, not {listenPort}");
            }

            var app = WebServerHost.Build(context.Services, parse.GetValue(host) ?? options.Host, listenPort, logging => CliLogging.Configure(logging, context.LogLevel));
            await using (app.ConfigureAwait(false))
            {
                await app.StartAsync(ct).ConfigureAwait(false);
                if (WebServerWarnings.AuthOff(options) is { } warning)
                {
                    await context.Error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
                }

                foreach (var address in WebServerHost.Addresses(app))
                {
                    context.Output.WriteLine($"Web server listening on {address} (API reference: {address}/api/v1/ui); press Ctrl+C to stop.");
                }

                try
                {
                    await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Ctrl+C or SIGTERM: stop taking requests, let those in flight finish.
                }

                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }

            context.Output.WriteLine("Web server stopped.");
            return 0;
        }));
        return command;
    }
}
