using System.CommandLine;
using Baton.Configuration;
using Baton.Hosting.Cli;

namespace Baton.Hosting.Commands;

/// <summary><c>config list</c>: the effective settings, secrets masked.</summary>
internal static class ConfigCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("config", "Show settings");
        var list = new Command("list", "Print every effective setting (secrets masked) and the variable that sets it");
        list.SetAction(context.Action((parse, ct) =>
        {
            TableWriter.Write(context.Output, ["section", "key", "value", "variable"],
                EffectiveSettings.List(context.Services).Select(s => new[] { s.Section, s.Key, s.Value, s.Variable }));
            return Task.FromResult(0);
        }));
        command.Subcommands.Add(list);
        return command;
    }
}
