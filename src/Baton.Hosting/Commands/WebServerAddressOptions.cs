using System.CommandLine;
using Baton.Hosting.Cli;
using Baton.Web;

namespace Baton.Hosting.Commands;

/// <summary>The <c>--host</c> and <c>--port</c> options of the commands that run the web server (<c>webserver</c>, <c>standalone</c>).</summary>
internal sealed class WebServerAddressOptions
{
    public Option<string?> Host { get; } = new("--host", "-H") { Description = "The address to listen on (BATON__WEBSERVER__HOST; 127.0.0.1 unless set)" };

    public Option<int?> Port { get; } = new("--port", "-p") { Description = "The port (BATON__WEBSERVER__PORT; 8080 unless set; 0 for any free port)" };

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public Command AddTo(Command command)
    {
        command.Options.Add(Host);
        command.Options.Add(Port);
        return command;
    }

    /// <summary>The address and port: the options when given, else the <c>webserver</c> settings.</summary>
    /// <exception cref="CliUsageException">The port is out of range.</exception>
    public (string Host, int Port) Resolve(ParseResult parse, WebServerOptions settings)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(settings);
        var port = parse.GetValue(Port) ?? settings.Port;
        if (port is < 0 or > 65535)
        {
            throw new CliUsageException($"--port must be from 0 (any free port) to 65535, not {port}");
        }

        return (parse.GetValue(Host) ?? settings.Host, port);
    }
}
