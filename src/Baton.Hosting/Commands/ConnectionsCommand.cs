using System.CommandLine;
using System.Globalization;
using Baton.Connections;
using Baton.Hosting.Cli;

namespace Baton.Hosting.Commands;

/// <summary><c>connections add|list|get|delete</c>; secrets are never printed.</summary>
internal static class ConnectionsCommand
{
    private const string Masked = "***";

    public static Command Create(CliContext context)
    {
        var command = new Command("connections", "Manage connections (secrets are stored encrypted and never printed)");
        command.Subcommands.Add(Add(context));
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Get(context));
        command.Subcommands.Add(Delete(context));
        command.Subcommands.Add(Test(context));
        return command;
    }

    private static Command Add(CliContext context)
    {
        var connId = new Argument<string>("conn_id") { Description = "The connection's id" };
        var uri = new Option<string?>("--conn-uri") { Description = "The whole connection as a URI: type://login:password@host:port/schema?extra_key=value" };
        var json = new Option<string?>("--conn-json") { Description = "The whole connection as JSON: {\"conn_type\": …, \"host\": …, \"extra\": {…}}" };
        var type = new Option<string?>("--conn-type") { Description = "The type (aws, google_cloud_platform, wasb, postgres, …)" };
        var host = new Option<string?>("--conn-host") { Description = "The host" };
        var login = new Option<string?>("--conn-login") { Description = "The login" };
        var password = new Option<string?>("--conn-password") { Description = "The password (stored encrypted)" };
        var schema = new Option<string?>("--conn-schema") { Description = "The schema" };
        var port = new Option<int?>("--conn-port") { Description = "The port" };
        var extra = new Option<string?>("--conn-extra") { Description = "Extra fields as a JSON object (stored encrypted)" };
        var description = new Option<string?>("--conn-description") { Description = "A description" };
        var command = new Command("add", "Add a connection, or replace the one with the same id") { connId, uri, json, type, host, login, password, schema, port, extra, description };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var id = parse.GetValue(connId)!;
            var whole = new[] { parse.GetValue(uri), parse.GetValue(json) }.Count(v => v is not null);
            var fields = parse.GetValue(type) ?? parse.GetValue(host) ?? parse.GetValue(login) ?? parse.GetValue(password) ?? parse.GetValue(schema) ?? parse.GetValue(extra);
            if (whole > 1 || (whole == 1 && (fields is not null || parse.GetValue(port) is not null)))
            {
                throw new CliUsageException("give either --conn-uri, --conn-json, or field options (--conn-type, --conn-host, …), not several");
            }

            Connection connection;
            if (parse.GetValue(uri) is { } u)
            {
                connection = ConnectionUri.Parse(id, u);
            }
            else if (parse.GetValue(json) is { } j)
            {
                connection = ConnectionJson.Parse(id, j);
            }
            else
            {
                var connType = parse.GetValue(type) ?? throw new CliUsageException("--conn-type is required when neither --conn-uri nor --conn-json is given");
                if (parse.GetValue(extra) is { } e)
                {
                    _ = CliParsing.JsonObjectOrNull(e, "--conn-extra");
                }

                connection = new Connection
                {
                    ConnId = id, ConnType = connType, Host = parse.GetValue(host), Login = parse.GetValue(login), Password = parse.GetValue(password),
                    Schema = parse.GetValue(schema), Port = parse.GetValue(port), Extra = parse.GetValue(extra),
                };
            }

            if (parse.GetValue(description) is { } d)
            {
                connection = connection with { Description = d };
            }

            await context.Get<IConnectionStore>().UpsertAsync(connection, ct).ConfigureAwait(false);
            context.Output.WriteLine($"Successfully added `conn_id`={id} : {connection.ConnType}");
            return 0;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "List connections from the database and BATON_CONN_* variables");
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var entries = await context.Get<ConnectionResolver>().ListAsync(ct).ConfigureAwait(false);
            TableWriter.Write(context.Output, ["conn_id", "conn_type", "host", "port", "schema", "login", "password", "source"],
                entries.Select(e => Row(e.Connection).Append(e.Source).ToArray()));
            return 0;
        }));
        return command;
    }

    private static Command Get(CliContext context)
    {
        var connId = new Argument<string>("conn_id") { Description = "The connection's id" };
        var command = new Command("get", "Show a connection, with its password and extra masked") { connId };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var connection = await context.Get<ConnectionResolver>().GetConnectionAsync(parse.GetValue(connId)!, ct).ConfigureAwait(false);
            TableWriter.Write(context.Output, ["conn_id", "conn_type", "host", "port", "schema", "login", "password", "extra", "description"],
                [[.. Row(connection), connection.Extra is null ? "" : Masked, connection.Description]]);
            return 0;
        }));
        return command;
    }

    private static Command Delete(CliContext context)
    {
        var connId = new Argument<string>("conn_id") { Description = "The connection's id" };
        var command = new Command("delete", "Delete a connection from the database") { connId };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var id = parse.GetValue(connId)!;
            if (!await context.Get<IConnectionStore>().DeleteAsync(id, ct).ConfigureAwait(false))
            {
                await CliErrors.WriteLineAsync(context.Error, $"no connection '{id}' in the database").ConfigureAwait(false);
                return 1;
            }

            context.Output.WriteLine($"Successfully deleted connection with `conn_id`={id}");
            return 0;
        }));
        return command;
    }

    private static Command Test(CliContext context)
    {
        var connId = new Argument<string>("conn_id") { Description = "The connection's id" };
        var bucket = new Option<string?>("--bucket", "-b") { Description = "The bucket or container to probe, optionally with a prefix (BUCKET/PREFIX); by default the bucket and prefix BATON__XCOM__PATH names for this connection, or the connection's extra" };
        var command = new Command("test", "Check that a connection works: its bucket or container is reachable and writable") { connId, bucket };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var connection = await context.Get<ConnectionResolver>().GetConnectionAsync(parse.GetValue(connId)!, ct).ConfigureAwait(false);
            var result = await context.Get<ConnectionTestService>().TestAsync(connection, parse.GetValue(bucket), ct).ConfigureAwait(false);
            if (result is null)
            {
                await CliErrors.WriteLineAsync(context.Error, ConnectionTestService.NoTesterMessage(connection.ConnType)).ConfigureAwait(false);
                return 1;
            }

            await (result.Success ? context.Output : context.Error).WriteLineAsync($"Connection {connection.ConnId} ({connection.ConnType}): {(result.Success ? "OK" : "FAILED")}: {result.Message}").ConfigureAwait(false);
            return result.Success ? 0 : 1;
        }));
        return command;
    }

    private static IEnumerable<string?> Row(Connection c) =>
        [c.ConnId, c.ConnType, c.Host, c.Port?.ToString(CultureInfo.InvariantCulture), c.Schema, c.Login, c.Password is null ? "" : Masked];
}
