using System.CommandLine;
using Baton.Hosting.Cli;
using Baton.Web.Auth;

namespace Baton.Hosting.Commands;

/// <summary><c>users create|list|delete|create-token|list-tokens|revoke-token</c>: the web server's users and their API tokens.</summary>
internal static class UsersCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("users", "Manage the web server's users (roles Viewer, User, Op, Admin) and their API tokens");
        command.Subcommands.Add(CreateUser(context));
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Delete(context));
        command.Subcommands.Add(CreateToken(context));
        command.Subcommands.Add(ListTokens(context));
        command.Subcommands.Add(RevokeToken(context));
        return command;
    }

    private static Option<string> Username() => new("--username", "-u") { Description = "The user's name", Required = true };

    private static Command CreateUser(CliContext context)
    {
        var username = Username();
        var role = new Option<string>("--role", "-r") { Description = "Viewer, User (trigger, clear, pause), Op (connections, config) or Admin (users)", Required = true };
        var password = new Option<string?>("--password", "-p") { Description = "The password (at least 8 characters); without it one is generated and printed once" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input" };
        var command = new Command("create", "Create a user with a role and a password") { username, role, password, passwordStdin };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            if (parse.GetValue(password) is not null && parse.GetValue(passwordStdin))
            {
                throw new CliUsageException("give --password or --password-stdin, not both");
            }

            var given = parse.GetValue(passwordStdin) ? context.Input.ReadLine() ?? "" : parse.GetValue(password);
            var secret = given ?? UserService.GeneratePassword();
            var user = await context.Get<UserService>().CreateAsync(parse.GetValue(username)!, parse.GetValue(role)!, secret, ct).ConfigureAwait(false);
            context.Output.WriteLine($"Created user {user.Username} with role {user.Role}.");
            if (given is null)
            {
                context.Output.WriteLine($"Password: {secret}");
                await context.Error.WriteLineAsync("The password is shown only now; store it.").ConfigureAwait(false);
            }

            return 0;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "List users, their roles and last logins");
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var users = await context.Get<UserService>().ListAsync(ct).ConfigureAwait(false);
            TableWriter.Write(context.Output, ["username", "role", "created", "last_login"],
                users.Select(u => new[] { u.Username, u.Role, CliParsing.Time(u.CreatedAt), CliParsing.Time(u.LastLoginAt) }));
            return 0;
        }));
        return command;
    }

    private static Command Delete(CliContext context)
    {
        var username = Username();
        var command = new Command("delete", "Delete a user and its API tokens") { username };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            await context.Get<UserService>().DeleteAsync(parse.GetValue(username)!, ct).ConfigureAwait(false);
            context.Output.WriteLine($"Deleted user {parse.GetValue(username)} and its API tokens.");
            return 0;
        }));
        return command;
    }

    private static Command CreateToken(CliContext context)
    {
        var username = Username();
        var name = new Option<string>("--name", "-n") { Description = "The token's name, unique per user (e.g. ci, laptop)", Required = true };
        var expires = new Option<string?>("--expires", "-e") { Description = "When it expires: a date (2025-12-31) or an age from now (90d, 12h); never when omitted" };
        var command = new Command("create-token", "Create an API token for a user; it is printed once, on standard output") { username, name, expires };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var now = context.Get<TimeProvider>().GetUtcNow();
            DateTimeOffset? expiry = parse.GetValue(expires) is { } text ? ExpiryOf(text, now) : null;
            var created = await context.Get<ApiTokenService>().CreateAsync(parse.GetValue(username)!, parse.GetValue(name)!, expiry, ct).ConfigureAwait(false);
            context.Output.WriteLine(created.Token);
            await context.Error.WriteLineAsync(
                $"Created API token '{created.Record.Name}' (id {created.Record.TokenId}) for user {created.Record.Username}" +
                (expiry is { } e ? $", expiring {CliParsing.Time(e)}" : ", never expiring") +
                ". It is shown only now; send it as 'Authorization: Bearer <token>'.").ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    private static Command ListTokens(CliContext context)
    {
        var username = new Option<string?>("--username", "-u") { Description = "Only this user's tokens" };
        var command = new Command("list-tokens", "List API tokens (never their text): name, id, created, expiry, last use, revoked") { username };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            var tokens = await context.Get<ApiTokenService>().ListAsync(parse.GetValue(username), ct).ConfigureAwait(false);
            TableWriter.Write(context.Output, ["username", "name", "token_id", "created", "expires", "last_used", "revoked"],
                tokens.Select(t => new[]
                {
                    t.Username, t.Name, t.TokenId, CliParsing.Time(t.CreatedAt), CliParsing.Time(t.ExpiresAt), CliParsing.Time(t.LastUsedAt), CliParsing.Time(t.RevokedAt),
                }));
            return 0;
        }));
        return command;
    }

    private static Command RevokeToken(CliContext context)
    {
        var username = Username();
        var name = new Option<string>("--name", "-n") { Description = "The token's name", Required = true };
        var command = new Command("revoke-token", "Revoke a user's API token: it is refused from now on") { username, name };
        command.SetAction(context.Action(async (parse, ct) =>
        {
            await context.Get<ApiTokenService>().RevokeAsync(parse.GetValue(username)!, parse.GetValue(name)!, ct).ConfigureAwait(false);
            context.Output.WriteLine($"Revoked API token '{parse.GetValue(name)}' of user {parse.GetValue(username)}.");
            return 0;
        }));
        return command;
    }

    private static DateTimeOffset ExpiryOf(string text, DateTimeOffset now)
    {
        var date = CliParsing.DateOrAge(text, now, "--expires");
        // An age counts forward from now: 90d expires in 90 days.
        return date < now ? now + (now - date) : date;
    }
}
