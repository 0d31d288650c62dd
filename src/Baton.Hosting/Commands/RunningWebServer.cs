using Baton.Hosting.Cli;
using Baton.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace Baton.Hosting.Commands;

/// <summary>
/// The web server a command runs (<c>webserver</c>, <c>standalone</c>): <see cref="WebServerHost"/> over the command
/// line's services, started on the given address. An address it cannot listen on is one clear error, not a stack trace.
/// </summary>
internal sealed class RunningWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private RunningWebServer(WebApplication app, IReadOnlyList<string> addresses)
    {
        _app = app;
        Addresses = addresses;
    }

    /// <summary>The addresses it listens on (the port filled in when 0 was asked for), e.g. <c>http://127.0.0.1:8080</c>.</summary>
    public IReadOnlyList<string> Addresses { get; }

    /// <summary>Cancelled when the server stops by itself (not because <see cref="StopAsync"/> was called).</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    /// <summary>Builds and starts the server; writes the warning of a server without authentication.</summary>
    /// <exception cref="BatonException">It cannot listen on <paramref name="host"/>:<paramref name="port"/> (in use, not an address of this machine, not allowed).</exception>
    public static async Task<RunningWebServer> StartAsync(CliContext context, string host, int port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var app = WebServerHost.Build(context.Services, host, port, logging => CliLogging.Configure(logging, context.LogLevel));
        var started = false;
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            started = true;
        }
        catch (IOException e)
        {
            throw new BatonException($"the web server cannot listen on {Describe(host, port)}: {Reason(e)}", e);
        }
        finally
        {
            // A server that did not start (any failure, cancellation too) holds its port and services until disposed.
            if (!started)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }
        }

        var options = context.Get<IOptions<WebServerOptions>>().Value;
        if (WebServerWarnings.AuthOff(options) is { } warning)
        {
            await context.Error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
        }

        return new RunningWebServer(app, WebServerHost.Addresses(app));
    }

    /// <summary>Stops taking requests and lets those in flight finish.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string Describe(string host, int port) => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";

    private static string Reason(IOException e) => e.InnerException switch
    {
        AddressInUseException => "the port is in use (another server, or a second webserver/standalone on it); stop it, or choose another with --port or BATON__WEBSERVER__PORT",
        _ => (e.InnerException?.Message ?? e.Message).TrimEnd('.'),
    };
}
