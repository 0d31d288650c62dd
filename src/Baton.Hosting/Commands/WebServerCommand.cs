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
        var address = new WebServerAddressOptions();
        var command = address.AddTo(new Command("webserver", "Run the web server (REST API under /api/v1, API reference at /api/v1/ui) until stopped"));
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var (host, port) = address.Resolve(parse, context.Get<IOptions<WebServerOptions>>().Value);
            var server = await RunningWebServer.StartAsync(context, host, port, ct).ConfigureAwait(false);
            await using (server.ConfigureAwait(false))
            {
                foreach (var listening in server.Addresses)
                {
                    context.Output.WriteLine($"Web server listening on {listening} (API reference: {listening}/api/v1/ui); press Ctrl+C to stop.");
                }

                try
                {
                    await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Ctrl+C or SIGTERM: stop taking requests, let those in flight finish.
                }

                await server.StopAsync().ConfigureAwait(false);
            }

            context.Output.WriteLine("Web server stopped.");
            return 0;
        }));
        return command;
    }
}
